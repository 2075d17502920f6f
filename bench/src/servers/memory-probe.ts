/**
 * Preloaded into the hub by the memory benchmark (`--expose-gc --import <this file>`), not part of the hub: on
 * SIGUSR2 it runs a full garbage collection and prints process.memoryUsage() as one line, so that the bench can
 * tell memory the hub still references (heap used after GC) from memory V8 or the allocator merely kept (RSS).
 */
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => {
  gc?.();
  gc?.();
  console.log(`memory-probe ${JSON.stringify({ gc: gc !== undefined, ...process.memoryUsage() })}`);
});

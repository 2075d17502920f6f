import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** A demo tenant as POST /v1/tenants answered it (the API key is shown only then, so the demo keeps it). */
export const savedTenant = z.object({ id: z.uuid(), name: z.string(), apiKey: z.string() });
export type SavedTenant = z.infer<typeof savedTenant>;

const demoState = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  tenants: z.record(z.string(), savedTenant),
});
export type DemoState = z.infer<typeof demoState>;

/** `<dataDir>/demo.json`: what a later run needs to find the demo's tenants again (ids and API keys). */
export const stateFile = (dataDir: string) => path.join(dataDir, 'demo.json');

/** The saved state, or a fresh one when there is none (first run) or it cannot be read (then it is replaced). */
export async function readDemoState(dataDir: string): Promise<{ state: DemoState; found: boolean; problem?: string }> {
  const fresh = (): DemoState => ({ version: 1, createdAt: new Date().toISOString(), tenants: {} });
  let text: string;
  try {
    text = await fs.readFile(stateFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: fresh(), found: false };
    throw error;
  }
  try {
    return { state: demoState.parse(JSON.parse(text)), found: true };
  } catch (error) {
    return { state: fresh(), found: false, problem: `${stateFile(dataDir)} is unreadable (${(error as Error).message}); starting over` };
  }
}

/** Written whole to a temporary file and renamed, readable by the owner only (it holds API keys). */
export async function writeDemoState(dataDir: string, state: DemoState): Promise<void> {
  const file = stateFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(tmp, file);
}

/** A connector package the hub cannot start with; the message names each package and what is wrong with it. */
export class ConnectorLoadError extends Error {
  constructor(readonly problems: readonly { source: string; problem: string }[]) {
    super(`Cannot load the connectors:\n${problems.map((p) => `  - ${p.source}: ${p.problem}`).join('\n')}`);
    this.name = 'ConnectorLoadError';
  }
}

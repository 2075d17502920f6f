/**
 * The chaos run, full size: `pnpm test:chaos` (2,000 invoices over 20 tenants, two SIGKILLs). CHAOS_PROFILE=ci
 * runs the small variant instead; CHAOS_INVOICES / CHAOS_TENANTS / CHAOS_KILLS / CHAOS_SEED override a profile.
 * Not part of `npm test` (apps/e2e's vitest.config.ts leaves src/chaos/ out); the CI variant is src/chaos-ci.test.ts.
 */
import { CI_PROFILE, type ChaosOptions, FULL_PROFILE } from './chaos.js';
import { describeChaos } from './suite.js';

const env = process.env;
const base = env.CHAOS_PROFILE === 'ci' ? CI_PROFILE : FULL_PROFILE;
const int = (value: string | undefined, fallback: number) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const options: ChaosOptions = {
  ...base,
  invoices: int(env.CHAOS_INVOICES, base.invoices),
  tenants: int(env.CHAOS_TENANTS, base.tenants),
  kills: int(env.CHAOS_KILLS, base.kills),
  seed: int(env.CHAOS_SEED, base.seed),
};

describeChaos(env.CHAOS_PROFILE === 'ci' ? 'ci' : 'full', options);

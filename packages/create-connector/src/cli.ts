#!/usr/bin/env node
/** `pnpm create-connector <id> [--name ...] [--auth api_token|oauth2] [--dir plugins] [--force]` (root script). */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));

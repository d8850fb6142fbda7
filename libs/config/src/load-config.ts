import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, ENV_NAMES } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The variable naming another defaults file than `config/defaults.env`. */
export const CONFIG_FILE_ENV = 'IOC_CONFIG_FILE';
/** The documented defaults file, relative to the working directory. */
export const DEFAULT_CONFIG_FILE = 'config/defaults.env';

export interface LoadConfigOptions {
  /** Where `config/defaults.env` and a relative IOC_CONFIG_FILE are looked for (default: process.cwd()). */
  cwd?: string;
  /** The process serves HTTP and Socket.IO (server, gateway): outside demo mode it needs IOC_ADMIN_KEY. */
  servesHttp?: boolean;
}

/** Admin keys that are somebody's example, not a secret: refused at start. */
const PLACEHOLDER_KEY = /change[-_ ]?me|example|placeholder|secret[-_ ]?key/i;
/** Shortest IOC_ADMIN_KEY outside demo mode (demo mode: 16, checked by AppConfig). */
export const PRODUCTION_ADMIN_KEY_MIN_LENGTH = 32;

/**
 * Reads the configuration once into a validated AppConfig. Sources, strongest first: `overrides`
 * (already typed: tests and embedded starts), the environment, the defaults file (`IOC_CONFIG_FILE`,
 * else `<cwd>/config/defaults.env` when it exists), the defaults in AppConfig. Unset or empty
 * variables fall through to the next source; a bad value throws a ConfigError naming the variable
 * (and the file it came from) and what it expects.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AppConfig> = {},
  options: LoadConfigOptions = {},
): AppConfig {
  const file = readDefaultsFile(env, options.cwd ?? process.cwd());
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const fromEnv = env[name];
    const fromFile = file?.values[name];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
    else if (fromFile !== undefined && fromFile !== '') {
      raw[key] = fromFile;
      origin[key] = ` (from ${file!.path})`;
    }
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  Object.assign(config, overrides);
  const errors = validateSync(config, { forbidUnknownValues: false });
  const problems = errors.map((e) => {
    const name = ENV_NAMES[e.property as keyof AppConfig] ?? e.property;
    const given = e.property in raw ? raw[e.property] : e.value;
    const why = Object.values(e.constraints ?? {})
      .map((m) => m.replace(new RegExp(`^${e.property} `), ''))
      .join('; ');
    return `${name}=${JSON.stringify(given)}${origin[e.property] ?? ''}: ${why}`;
  });
  if (!errors.some((e) => e.property === 'adminKey')) problems.push(...adminKeyProblems(config, options));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * IOC_ADMIN_KEY rules beyond its type: never a placeholder (the one in an example file or a compose
 * file would otherwise open the service to anyone who read it); outside demo mode a process that
 * serves HTTP needs one (no demo keys are made there, so nobody could create a key), at least 32
 * characters long.
 */
function adminKeyProblems(config: AppConfig, options: LoadConfigOptions): string[] {
  const key = config.adminKey;
  const name = ENV_NAMES.adminKey;
  if (key === undefined) {
    if (options.servesHttp && !config.demo)
      return [
        `${name} is not set: outside demo mode (IOC_DEMO=0) the server and the gateway need an admin key ` +
          `(at least ${PRODUCTION_ADMIN_KEY_MIN_LENGTH} random characters, e.g. \`openssl rand -hex 32\`)`,
      ];
    return [];
  }
  if (PLACEHOLDER_KEY.test(key) || /^(.)\1*$/.test(key))
    return [`${name} is a placeholder, not a secret: set it to a long random value (e.g. \`openssl rand -hex 32\`)`];
  if (!config.demo && key.length < PRODUCTION_ADMIN_KEY_MIN_LENGTH)
    return [
      `${name} has ${key.length} characters: outside demo mode (IOC_DEMO=0) it must have at least ` +
        `${PRODUCTION_ADMIN_KEY_MIN_LENGTH} (e.g. \`openssl rand -hex 32\`)`,
    ];
  return [];
}

/**
 * The defaults file: `IOC_CONFIG_FILE` (relative to `cwd`) when set, and then it must exist; else
 * `<cwd>/config/defaults.env` when it exists. Parsed by Node's `util.parseEnv` (dotenv syntax).
 * A name in it that is not a setting is an error: it is most likely a typo.
 */
function readDefaultsFile(env: NodeJS.ProcessEnv, cwd: string): { path: string; values: NodeJS.Dict<string> } | null {
  const named = env[CONFIG_FILE_ENV];
  const path = resolve(cwd, named || DEFAULT_CONFIG_FILE);
  if (!named && !existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `${CONFIG_FILE_ENV}=${JSON.stringify(named)}: cannot read ${path} (${(err as Error).message})`,
    ]);
  }
  const values = parseEnv(text);
  const known = new Set(Object.values(ENV_NAMES));
  const unknown = Object.keys(values).filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new ConfigError(unknown.map((n) => `${n} in ${path}: not a setting of ioc-stream (see README.md)`));
  return { path, values };
}

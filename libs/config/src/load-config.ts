import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, ENV_NAMES } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once into a validated AppConfig. Unset or empty variables keep the
 * defaults; a bad value throws a ConfigError naming the variable and what it expects.
 * `overrides` (already typed) win over the environment: tests and embedded starts use them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  Object.assign(config, overrides);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const name = ENV_NAMES[e.property as keyof AppConfig] ?? e.property;
      const given = e.property in raw ? raw[e.property] : e.value;
      const why = Object.values(e.constraints ?? {})
        .map((m) => m.replace(new RegExp(`^${e.property} `), ''))
        .join('; ');
      return `${name}=${JSON.stringify(given)}: ${why}`;
    });
    throw new ConfigError(problems);
  }
  return config;
}

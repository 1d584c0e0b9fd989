/** The message of the ConfigError a raw configuration is refused with (fails the test when it is accepted). */
import {expect} from "vitest";
import {ConfigError, parseConfig} from "../../loaders/config/load-config.ts";

export function configErrorOf(raw: unknown): string {
  try {
    parseConfig(raw, "test.config.ts");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

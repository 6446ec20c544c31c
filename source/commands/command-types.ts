// The types every command file shares, apart from command-specs.ts: that table lazily loads the command
// files, so their importing it back for these types made an import cycle through it.

/** What the process gives a command. */
export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
}

/** A command's parsed arguments. */
export interface CommandArgs {
  readonly input: readonly string[];
  readonly flags: Record<string, unknown>;
}

/** A command's entry point: returns the process exit code. */
export type CommandRun = (args: CommandArgs, io: CommandIo) => Promise<number>;

/** How one flag parses (meow's flag options). */
export type FlagSpec = {
  type: 'string' | 'boolean' | 'number';
  isMultiple?: boolean;
  default?: unknown;
  shortFlag?: string;
};

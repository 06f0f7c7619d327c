#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, duration } from '@logflush/core';
import { CheckpointError, exitCodes, runCommand, type RunOptions } from './commands/run.js';
import { pluginsCommand } from './commands/plugins.js';
import { schemaCommand } from './commands/schema.js';
import { UsageError } from './commands/shared.js';
import { validateCommand } from './commands/validate.js';
import { PipelineConfigError } from '@logflush/pipeline';
import { dropNegativeTimeoutWarning } from './kafkajs-timer-warning.js';

dropNegativeTimeoutWarning();

const positiveInteger = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number ≥ 1');
  return number;
};
const durationMs = (value: string) => {
  const parsed = duration().safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError('expected a duration such as "30s" or "500ms"');
  return parsed.data;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

let debug = false;

function fail(error: unknown): never {
  const known =
    error instanceof PipelineConfigError ||
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof CheckpointError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`logflush: ${message}\n`);
  if (debug && !known && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exit(exitCodes.invalid);
}

function print(text: string) {
  process.stdout.write(`${text}\n`);
}

/** First SIGINT/SIGTERM: stop reading and drain; a second one exits at once. */
function interruptController(): AbortController {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`logflush: ${signal} again, exiting without draining\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    process.stderr.write(
      `logflush: ${signal}, stopping: delivering what was read (send ${signal} again to force)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}

const program = new Command('logflush')
  .description('Run log pipeline configs through logflush flushers.')
  .option('--debug', 'print stack traces of unexpected errors')
  .showHelpAfterError()
  .hook('preAction', (command) => {
    debug = command.opts<{ debug?: boolean }>().debug === true;
  });

/** What `replay` takes: `run`'s options for reading a dead-letter file once. */
type ReplayOptions = Pick<
  RunOptions,
  'config' | 'input' | 'project' | 'logstore' | 'topic' | 'quiet' | 'summary' | 'plugin'
>;

const pluginOption = () =>
  new Option(
    '--plugin <package>',
    'also load the flusher plugin this package exports (repeatable)',
  ).argParser(collect);

program
  .command('run')
  .description("read logs from a file or stdin and send them through the pipeline's flushers")
  .requiredOption(
    '-c, --config <file>',
    'pipeline config (.json as iLogtail, .yaml as LoongCollector)',
  )
  .addOption(
    new Option(
      '-i, --input <path>',
      'input file or glob (repeatable; new files a glob gains are picked up with --follow), or - for stdin (the default)',
    ).argParser(collect),
  )
  .addOption(
    new Option('-f, --input-format <format>', 'how to read the input')
      .choices(['text', 'jsonl', 'protobuf'])
      .default('text'),
  )
  .option('--project <name>', 'project passed to the flushers', 'logflush')
  .option(
    '--logstore <name>',
    "logstore passed to the flushers and set as the groups' Category",
    'default',
  )
  .option('--topic <topic>', 'Topic of the groups', '')
  .option('-q, --quiet', 'no progress bar or summary', false)
  .option('--max-group-logs <n>', 'most logs in one LogGroup', positiveInteger, 1024)
  .option(
    '--max-group-bytes <n>',
    'most content bytes in one LogGroup',
    positiveInteger,
    1024 * 1024,
  )
  .option(
    '--drain-timeout <duration>',
    'on shutdown, how long to wait for a busy flusher',
    durationMs,
    30_000,
  )
  .option(
    '-F, --follow',
    'keep reading the files as they grow, with tail -F semantics (rotation, truncation, new files), until SIGINT/SIGTERM',
  )
  .addOption(
    new Option('--from <where>', 'where a file never seen before starts')
      .choices(['beginning', 'end'])
      .default('beginning'),
  )
  .option(
    '--checkpoint <file>',
    'record per file the offset every flusher has delivered, and resume from it (default with --follow: a file under --state-dir)',
  )
  .option('--no-checkpoint', 'with --follow: no checkpoint (start where --from says every time)')
  .option(
    '--state-dir <dir>',
    'folder of the default checkpoint (default $LOGFLUSH_STATE_DIR, else $XDG_STATE_HOME/logflush, else ~/.local/state/logflush)',
  )
  .option(
    '--move-bad-checkpoint',
    'a checkpoint that cannot be parsed is moved aside with a warning instead of being an error',
  )
  .option(
    '--checkpoint-interval <duration>',
    'least time between two checkpoint writes',
    durationMs,
    0,
  )
  .option(
    '--poll-interval <duration>',
    'with --follow: how often paths and globs are looked at again for rotation, truncation and new files',
    durationMs,
    250,
  )
  .option(
    '--metrics <host:port>',
    'serve Prometheus metrics at /metrics and a health check at /health',
  )
  .option('--summary', 'print the per-flusher summary at the end also when not on a TTY')
  .addOption(pluginOption())
  .action(async (options: Parameters<typeof runCommand>[0]) => {
    const result = await runCommand(options, interruptController().signal);
    process.exitCode = result.exitCode;
  });

program
  .command('replay')
  .description(
    "send the logs of a flusher's dead-letter file (DeadLetter.Path) through the pipeline again, with their contents and time",
  )
  .requiredOption('-c, --config <file>', 'pipeline config')
  .addOption(
    new Option('-i, --input <file>', 'dead-letter file or glob (repeatable)')
      .argParser(collect)
      .makeOptionMandatory(),
  )
  .option('--project <name>', 'project passed to the flushers', 'logflush')
  .option('--logstore <name>', 'logstore passed to the flushers', 'default')
  .option('--topic <topic>', 'Topic of the groups', '')
  .option('-q, --quiet', 'no progress bar or summary', false)
  .option('--summary', 'print the per-flusher summary at the end also when not on a TTY')
  .addOption(pluginOption())
  .action(async (options: ReplayOptions) => {
    const result = await runCommand(
      {
        ...options,
        inputFormat: 'dead-letter',
        maxGroupLogs: 1024,
        maxGroupBytes: 1024 * 1024,
        drainTimeout: 30_000,
      },
      interruptController().signal,
    );
    process.exitCode = result.exitCode;
  });

program
  .command('validate')
  .description('check a pipeline config; every problem is listed with its option path')
  .requiredOption('-c, --config <file>', 'pipeline config')
  .addOption(pluginOption())
  .action(async (options: Parameters<typeof validateCommand>[0]) =>
    print(await validateCommand(options)),
  );

program
  .command('plugins')
  .description('list the loaded flusher plugins')
  .option('--json', 'as JSON')
  .addOption(pluginOption())
  .action(async (options: Parameters<typeof pluginsCommand>[0]) =>
    print(await pluginsCommand(options)),
  );

program
  .command('schema')
  .description("print the JSON Schema of pipeline files, with every plugin's options, for editors")
  .addOption(pluginOption())
  .action(async (options: Parameters<typeof schemaCommand>[0]) =>
    print(await schemaCommand(options)),
  );

program.parseAsync(process.argv).catch(fail);

/**
 * The V8 options `npm start` runs the server with (package.json "start"), for the memory target:
 * `stoa serve` applies the same ones.
 */
export const SERVE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--max-old-space-size=160'];

/** `--max_old_space_size=96` → `--max-old-space-size`: the option's name, as Node treats `_` and `-` alike. */
function optionName(arg: string): string {
  return (arg.split('=')[0] ?? arg).replace(/_/g, '-');
}

/**
 * The serve options this process was started without. An option already given — on node's
 * command line or in NODE_OPTIONS, where an operator raises the heap cap — is left as given.
 */
export function missingServeFlags(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = new Set([...execArgv, ...(nodeOptions ?? '').split(/\s+/)].filter((a) => a.startsWith('--')).map(optionName));
  return SERVE_V8_FLAGS.filter((flag) => !given.has(optionName(flag)));
}

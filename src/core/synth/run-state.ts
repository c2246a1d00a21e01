/**
 * The run state on disk (the command line's `--out/state.json`): written after every round and
 * every answered pair, read back to resume. A file from another tool or a newer version is
 * refused with a clear message instead of being half-read.
 */
import { AppError } from '../errors';
import { DEFAULT_SYNTH_SETTINGS, type SynthRunState, type SynthSettings } from './types';

export const RUN_STATE_FILE = 'state.json';

export function serializeRunState(state: SynthRunState): string {
  return `${JSON.stringify(state, null, 1)}\n`;
}

function invalid(why: string): AppError {
  return new AppError(
    'invalid_json',
    `The saved run state cannot be resumed: ${why}`,
    'Delete it (or pick another --out folder) to start a new run.',
  );
}

export function parseRunState(text: string): SynthRunState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const state = value as Partial<SynthRunState>;
  if (typeof state !== 'object' || state === null || state.version !== 1)
    throw invalid('it is not a version 1 run state of the data lab.');
  if (!Array.isArray(state.pairs) || !Array.isArray(state.rounds) || !Array.isArray(state.dropped))
    throw invalid('its pairs, rounds or dropped lists are missing.');
  if (typeof state.dbId !== 'string' || typeof state.nextId !== 'number')
    throw invalid('its database name or pair counter is missing.');
  return {
    ...(state as SynthRunState),
    settings: { ...DEFAULT_SYNTH_SETTINGS, ...(state.settings ?? {}) },
  };
}

/** A resumed run keeps its pairs and takes the new settings (a higher target asks for more). */
export function resumeWith(state: SynthRunState, settings: SynthSettings): SynthRunState {
  return { ...state, settings };
}

// Topic names by Kafka's rules, so names move between Kafka and Eddy unchanged.
import { InvalidTopicNameError, isInternalTopic } from '@eddy/protocol';
import { LIMITS } from './limits.js';

const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Throws InvalidTopicNameError saying what is wrong. `internal` callers (Eddy itself) may use "__" names. */
export function validateTopicName(name: string, options: { internal?: boolean } = {}): void {
  if (name.length === 0) throw new InvalidTopicNameError('topic name is empty; give a name of 1 to 249 characters of [a-zA-Z0-9._-]');
  if (name.length > LIMITS.maxTopicNameLength) {
    throw new InvalidTopicNameError(`topic name is ${name.length} characters long; the limit is ${LIMITS.maxTopicNameLength}, choose a shorter name`);
  }
  if (name === '.' || name === '..') throw new InvalidTopicNameError(`topic name "${name}" is not allowed; choose a name other than "." or ".."`);
  if (!LEGAL.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[a-zA-Z0-9._-]/.test(c)))].map((c) => JSON.stringify(c)).join(', ');
    throw new InvalidTopicNameError(`topic name "${name}" contains ${bad}; use only letters, digits, ".", "_" and "-"`);
  }
  if (isInternalTopic(name) && options.internal !== true) {
    throw new InvalidTopicNameError(`topic name "${name}" starts with "__", which is reserved for Eddy's internal topics; choose a name without the "__" prefix`);
  }
}

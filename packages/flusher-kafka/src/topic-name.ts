/** Kafka's rule for topic names (clients check it before sending). */
const legalTopic = /^[A-Za-z0-9._-]{1,249}$/;

/** Why `name` cannot be a Kafka topic, or undefined when it can. */
export function topicNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === '.' || name === '..') return 'is "." or ".."';
  if (name.length > 249) return `has ${name.length} characters (at most 249)`;
  if (!legalTopic.test(name)) return 'has characters other than letters, digits, ".", "_" and "-"';
  return undefined;
}

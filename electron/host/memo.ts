/**
 * `fn` remembered for the last `max` keys asked. For answers keyed by what users choose (a
 * session's tenant key): a plain Map would keep one per key ever seen, for as long as the host
 * runs. The oldest key asked is forgotten first.
 */
export function memoize<K, V>(fn: (key: K) => V, max = 64): ((key: K) => V) & { size(): number } {
  const answers = new Map<K, V>();
  const memo = (key: K): V => {
    if (answers.has(key)) return answers.get(key)!;
    const value = fn(key);
    if (answers.size >= max) answers.delete(answers.keys().next().value!);
    answers.set(key, value);
    return value;
  };
  return Object.assign(memo, { size: () => answers.size });
}

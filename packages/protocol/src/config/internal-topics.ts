// Internal topics: names starting "__" (e.g. __consumer_offsets) belong to Eddy
// itself. One rule for every package that enforces it: the controller (no
// client creates, deletes, alters or grows one) and the storage nodes (no
// client produces to one).

export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

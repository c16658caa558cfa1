// Layout of the MNIST subset file shared by scripts/build-web-data.ts (Node, writes it) and the web
// page (browser, reads it); kept apart so the page does not pull in node:fs.

/** Magic bytes at the start of the web MNIST subset ("LRKM" as a big-endian uint32). */
export const MNIST_SUBSET_MAGIC = 0x4c524b4d;

/**
 * Size of the fixed header in bytes: magic, count, rows, cols as big-endian uint32.
 * Pixels (`count * rows * cols` bytes) follow, then `count` label bytes.
 *
 * @example
 * const count = new DataView(buf).getUint32(4); // pixels start at MNIST_SUBSET_HEADER_BYTES
 */
export const MNIST_SUBSET_HEADER_BYTES = 16;

// Headless Debian Chromium as the browser tests and the pipeline benchmark launch it.

/** The browser binary: Debian's chromium package, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags measured to work for headless Debian Chromium on these machines (no network: background
 * services off). --disable-gpu leaves WebGL on SwiftShader, the software rasterizer.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

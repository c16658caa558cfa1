/** True when root/dist/cli/main.js exists and no .ts file under root/src is newer. */
export declare function distIsFresh(root: string): boolean;

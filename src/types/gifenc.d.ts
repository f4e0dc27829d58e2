/**
 * Types for gifenc 1.0.x (the package ships none).
 * Careful: the package has no "exports" map. Node ESM loads its CJS build (only a default export =
 * the functions object), while Vite/vitest load its ESM build (named exports, default = GIFEncoder).
 * src/canvas/timelapse.ts therefore loads it with createRequire, typed as `GifencModule`.
 */
declare module 'gifenc' {
  export type GifPalette = number[][];

  export interface WriteFrameOptions {
    /** Colour table; required for the first frame (global table), else a local table. */
    palette?: GifPalette;
    first?: boolean;
    transparent?: boolean;
    transparentIndex?: number;
    /** Milliseconds (stored in centiseconds). */
    delay?: number;
    /** -1 once, 0 forever, n times. */
    repeat?: number;
    /** GIF disposal method; -1 = default. */
    dispose?: number;
    colorDepth?: number;
  }

  export interface GifEncoderStream {
    writeFrame(index: Uint8Array, width: number, height: number, opts?: WriteFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    reset(): void;
    writeHeader(): void;
    readonly buffer: ArrayBuffer;
  }

  export type PixelFormat = 'rgb565' | 'rgb444' | 'rgba4444';

  export interface GifencModule {
    GIFEncoder(opts?: { auto?: boolean; initialCapacity?: number }): GifEncoderStream;
    quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, opts?: { format?: PixelFormat }): GifPalette;
    applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: GifPalette, format?: PixelFormat): Uint8Array;
    nearestColorIndex(palette: GifPalette, pixel: number[]): number;
  }

  export const GIFEncoder: GifencModule['GIFEncoder'];
  export const quantize: GifencModule['quantize'];
  export const applyPalette: GifencModule['applyPalette'];
  export const nearestColorIndex: GifencModule['nearestColorIndex'];
}

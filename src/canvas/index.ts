export * from './palette.js';
export * from './pixels.js';
export * from './render.js';
export * from './renderCache.js';
export * from './timelapse.js';

// npm discord-api-spec points its "./zod" types at the generated .js file; this declares the module for tsc.
// schema.ts looks schemas up by name (`${ComponentName}Schema`).
declare module 'discord-api-spec/zod' {
  export function setStrictObject(strict: boolean): void;
}

/**
 * The catalog's types. English is the source: every key, and every `{placeholder}` in its text, comes
 * from the English literals, so a misspelt key or a missing parameter fails `npm run typecheck`.
 * An entry is a text, or plural forms (Intl.PluralRules categories) that take a numeric `{count}`.
 */

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
export type PluralForms = { readonly other: string } & { readonly [C in PluralCategory]?: string };
export type Entry = string | PluralForms;
export type Catalog = { readonly [key: string]: Entry };

/** The `{name}` placeholders of one text, as a union of names. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

type EntryTexts<E> = E extends string ? E : E extends PluralForms ? Extract<E[keyof E], string> : never;

/** A message with its parameters, made with `msg()`: what errors and services carry instead of prose. */
export interface Msg {
  readonly key: string;
  readonly params?: Readonly<Record<string, Param>>;
  /** Brand: only `msg()` makes one, so a plain object can't pass for a checked message. */
  readonly __msg: true;
}

/** A parameter: text as is, a number in the reader's format, or another message in the reader's language. */
export type Param = string | number | Msg;

export type ParamsOfEntry<E> = { readonly [P in Placeholders<EntryTexts<E>>]: P extends 'count' ? number : Param } & (E extends string ? unknown : { readonly count: number });

/** `[]` for a text without placeholders, else `[params]`. */
export type ArgsOfEntry<E> = keyof ParamsOfEntry<E> extends never ? [] : [params: ParamsOfEntry<E>];

/**
 * A translation of an English catalog: the same keys; plural entries stay plural (with the categories
 * the language needs, checked by the catalog test), plain texts stay plain.
 */
export type TranslationOf<C extends Catalog> = { readonly [K in keyof C]: C[K] extends string ? string : PluralForms };

/** The double refuses the component and modal layouts Discord refuses (componentRules.ts), with Discord's 400 and code 50035. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { api, GUILD, LOCKED, MEMBER, startStrictDouble } from './helpers.js';
import type { DiscordDouble } from './index.js';

let double: DiscordDouble;
let client: Client;

beforeAll(async () => {
  ({ double, client } = await startStrictDouble());
});

afterAll(async () => {
  await client?.destroy();
  await double?.stop();
});

describe('component and modal layout', () => {
  const row = (...components: unknown[]) => ({ type: 1, components });
  const button = (id: string) => ({ type: 2, style: 1, label: id, custom_id: id });
  const select = (id: string) => ({ type: 3, custom_id: id, options: [{ label: 'a', value: 'a' }] });
  const input = (id: string) => ({ type: 4, custom_id: id, label: id, style: 1 });

  it('refuses 6 action rows and a row mixing buttons and a select (400, 50035); 5 rows are fine', async () => {
    const violations = double.schemaViolations.length;
    const six = await api(double, 'POST', `/channels/${LOCKED}/messages`, { content: 'x', components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) });
    expect(six.status).toBe(400);
    expect(((await six.json()) as { code: number }).code).toBe(50035);
    const mixed = await api(double, 'POST', `/channels/${LOCKED}/messages`, { content: 'x', components: [row(button('b'), select('s'))] });
    expect(mixed.status).toBe(400);
    const five = await api(double, 'POST', `/channels/${LOCKED}/messages`, { content: 'x', components: [...Array.from({ length: 4 }, (_, i) => row(button(`b${i}`))), row(select('s'))] });
    expect(five.status).toBe(200);
    expect(double.schemaViolations.slice(violations).map((v) => v.issues[0]?.message)).toEqual([
      'Must be 5 or fewer in length.',
      'An action row holds one select menu, or up to 5 buttons, not both.',
    ]);
    double.schemaViolations.splice(violations);
  });

  it('refuses a modal with 6 rows or two text inputs in one row; one input per row is fine', async () => {
    const violations = double.schemaViolations.length;
    const modal = (components: unknown[]) => ({ type: 9, data: { custom_id: 'm', title: 'Form', components } });
    const answer = async (body: unknown) => {
      const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'quiet' });
      return (await api(double, 'POST', `/interactions/${ix.id}/${ix.token}/callback`, body, false)).status;
    };
    expect(await answer(modal(Array.from({ length: 6 }, (_, i) => row(input(`i${i}`)))))).toBe(400);
    expect(await answer(modal([row(input('a'), input('b'))]))).toBe(400);
    expect(await answer(modal([row(input('a')), row(input('b'))]))).toBe(204);
    expect(double.schemaViolations.slice(violations)).toHaveLength(2);
    double.schemaViolations.splice(violations);
  });
});

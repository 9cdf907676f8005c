// The command menu Telegram shows, per scope. Registering it is a courtesy: a failure is a warning.
import type { Api, RawApi } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from 'pino';

export const PRIVATE_COMMANDS: BotCommand[] = [
  { command: 'start', description: 'What the library knows, with example questions' },
  { command: 'help', description: 'How to ask, and every command' },
  { command: 'ask', description: 'Ask a question: /ask <question>' },
  { command: 'timeline', description: 'Dated events: /timeline [year, range or country]' },
  { command: 'figures', description: 'Figures and amounts: /figures [filter]' },
  { command: 'sources', description: 'The articles in the library' },
  { command: 'about', description: 'How the answers are made' },
  { command: 'cancel', description: 'Cancel what I am waiting for' },
];

export const GROUP_COMMANDS: BotCommand[] = [
  { command: 'ask', description: 'Ask the library: /ask <question>' },
  { command: 'timeline', description: 'Dated events: /timeline [filter]' },
  { command: 'figures', description: 'Figures and amounts: /figures [filter]' },
  { command: 'sources', description: 'The articles in the library' },
  { command: 'help', description: 'How to use me in a group' },
];

/** Registers the command menus; returns whether all of them were accepted. */
export async function registerCommands(api: Api<RawApi>, log: Logger): Promise<boolean> {
  const scopes = [
    { scope: { type: 'all_private_chats' as const }, commands: PRIVATE_COMMANDS },
    { scope: { type: 'all_group_chats' as const }, commands: GROUP_COMMANDS },
  ];
  let ok = true;
  for (const { scope, commands } of scopes) {
    try {
      await api.setMyCommands(commands, { scope });
    } catch (err) {
      ok = false;
      log.warn(
        { scope: scope.type, error: err instanceof Error ? err.message : String(err) },
        'could not register the command menu (the commands still work)',
      );
    }
  }
  return ok;
}

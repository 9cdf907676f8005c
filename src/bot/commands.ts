// The command menu Telegram shows, per scope and language (descriptions in locales/*.ftl).
// Registering it is a courtesy: a failure is a warning.
import type { Api, RawApi } from 'grammy';
import type { Logger } from 'pino';
import { commandMenus, sharedI18n } from './i18n.js';

/**
 * Registers the command menus: the English one for everyone, and a Russian and an Uzbek one for users
 * whose Telegram language is Russian or Uzbek (`language_code` scoped, locales/*.ftl `cmd-*`). Returns
 * whether all of them were accepted.
 */
export async function registerCommands(api: Api<RawApi>, log: Logger): Promise<boolean> {
  let ok = true;
  for (const menu of commandMenus(sharedI18n())) {
    const scopes = [
      { scope: { type: 'all_private_chats' as const }, commands: menu.private },
      { scope: { type: 'all_group_chats' as const }, commands: menu.group },
    ];
    for (const { scope, commands } of scopes) {
      try {
        await api.setMyCommands(commands, {
          scope,
          ...(menu.language_code ? { language_code: menu.language_code } : {}),
        });
      } catch (err) {
        ok = false;
        log.warn(
          {
            scope: scope.type,
            language: menu.language_code ?? 'default',
            error: err instanceof Error ? err.message : String(err),
          },
          'could not register the command menu (the commands still work)',
        );
      }
    }
  }
  return ok;
}

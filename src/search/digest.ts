// A short digest of a text, to recognise a text met before without keeping it (a library's builders see
// hundreds of thousands of passages).
import { createHash, hash } from 'node:crypto';

/** sha1 of the text, base64. One call where there is crypto.hash (Node 20.12+): a Hash object per text
 *  cost more than the hashing itself. */
export const digestOf = (text: string): string =>
  typeof hash === 'function'
    ? hash('sha1', text, 'base64')
    : createHash('sha1').update(text).digest('base64');

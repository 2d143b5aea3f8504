/** The engine's schema messages, worded for a form: "Too big: expected number to be <=65535" -> "at most 65535". */
export function fieldMessage(message: string): string {
  return message
    .replace(/^Too big: expected number to be <=?\s*(\S+)$/, 'at most $1')
    .replace(/^Too small: expected number to be >=?\s*(\S+)$/, 'at least $1')
    .replace(/^Too big: expected string to have <=?\s*(\S+) characters$/, 'at most $1 characters')
    .replace(/^Invalid input: expected int, received number$/, 'enter a whole number')
    .replace(/^Invalid input: expected number, received \w+$/, 'enter a number');
}

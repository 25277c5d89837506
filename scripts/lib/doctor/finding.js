/**
 * @typedef {object} Finding one line of `npm run doctor`
 * @property {'ok' | 'warn' | 'fail'} status `fail` stops the course from working; `warn` only part of it
 * @property {string} title what was found
 * @property {string} [fix] what to do about it, when it is not ok
 */

/** @param {string} title @returns {Finding} */
export const ok = (title) => ({ status: 'ok', title });
/** @param {string} title @param {string} fix @returns {Finding} */
export const warn = (title, fix) => ({ status: 'warn', title, fix });
/** @param {string} title @param {string} fix @returns {Finding} */
export const fail = (title, fix) => ({ status: 'fail', title, fix });

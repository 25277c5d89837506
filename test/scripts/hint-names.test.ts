import { describe, expect, test } from '@jest/globals';
import { eventsUnnamedByHint } from '../../checks/support/check.js';

describe('a failure names no event its first hint leaves out', () => {
  const hint = ['Answer admin:kick through the user room.', 'tier 2', 'tier 3'];

  test('an event the hint names, or the title, passes', () => {
    expect(
      eventsUnnamedByHint(
        { hint },
        { title: 'message:new reaches B', message: "carol's admin:kick got no message:new" },
      ),
    ).toEqual([]);
  });

  test('an event neither names is reported, once', () => {
    expect(
      eventsUnnamedByHint(
        { hint },
        { title: 'a kick', message: "Expected an acknowledgement of 'room:join', then 'room:join' again" },
      ),
    ).toEqual(['room:join']);
  });

  test('URLs, and the user and password inside one, are not events', () => {
    expect(
      eventsUnnamedByHint(
        { hint },
        {
          title: 'a kick',
          message: 'REDIS_URL=redis://course:pw-afda3dc1@127.0.0.1:38821 and http://localhost:3000/x',
        },
      ),
    ).toEqual([]);
  });
});

import { CanActivate, Injectable } from '@nestjs/common';

/** Runs after BearerAuthGuard on POST /notifications. */
@Injectable()
export class PublishLimitGuard implements CanActivate {
  // TODO 3: one user may publish PUBLISHES_PER_MINUTE notifications a minute;
  //   one more is refused with 429 that says when to try again (Your tasks, 3)
  canActivate(): boolean {
    return true;
  }
}

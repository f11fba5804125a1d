import { NextResponse } from 'next/server';
import { SESSION_COOKIE } from '../../../lib/session';

/** Where pages send an admin whose session the API no longer accepts: forget it, then sign in again. */
export function GET(request: Request) {
  const response = NextResponse.redirect(new URL('/login?reason=expired', request.url), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}

import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE } from './lib/session';

const publicPaths = ['/login', '/auth/expired'];
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request must come from this origin (server actions check this too; the
 * cookie is SameSite=Strict besides). Pages need a session cookie; without one, go to the login.
 */
export function middleware(request: NextRequest) {
  if (!safeMethods.has(request.method)) {
    const origin = request.headers.get('origin');
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    let originHost: string | undefined;
    try {
      originHost = origin ? new URL(origin).host : undefined;
    } catch {
      originHost = undefined;
    }
    if (!originHost || originHost !== host) {
      return NextResponse.json(
        {
          error: {
            code: 'FORBIDDEN',
            message: 'cross-origin request refused',
            hint: 'send it from the dashboard itself',
          },
        },
        { status: 403 },
      );
    }
  }
  const path = request.nextUrl.pathname;
  if (publicPaths.some((p) => path === p || path.startsWith(`${p}/`))) return NextResponse.next();
  if (!request.cookies.get(SESSION_COOKIE)?.value) {
    const login = new URL('/login', request.url);
    login.searchParams.set('reason', 'signin');
    if (path !== '/') login.searchParams.set('next', path + request.nextUrl.search);
    return NextResponse.redirect(login, 303);
  }
  return NextResponse.next();
}

export const config = { matcher: ['/((?!_next/|favicon.ico).*)'] };

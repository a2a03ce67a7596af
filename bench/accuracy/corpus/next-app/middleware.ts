import { NextResponse, type NextRequest } from 'next/server';

export const config = { matcher: ['/portal/:path*', '/results/:path*'] };

export function middleware(request: NextRequest) {
  const session = request.cookies.get('portal.sid')?.value;
  if (!session) {
    const login = new URL('/login', request.url); // ok: no-phi-in-urls
    login.searchParams.set('next', request.nextUrl.pathname); // ok: no-phi-in-urls
    return NextResponse.redirect(login);
  }
  const response = NextResponse.next();
  response.headers.set('X-Frame-Options', 'DENY'); // ok: no-phi-in-urls
  return response;
}

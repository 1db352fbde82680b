import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { TokenBody, UserView } from '@shared/contracts';
import { api, ApiError } from './api';

interface Auth {
  /** undefined while the session is being checked, null when signed out. */
  user: UserView | null | undefined;
  login(email: string, password: string): Promise<UserView>;
  register(input: {
    email: string;
    password: string;
    name: string;
    role: 'buyer' | 'seller';
  }): Promise<UserView>;
  logout(): Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/**
 * Whether this browser logged in (the cookie itself is httpOnly, so unreadable here). Without
 * it the app does not ask /api/auth/me, which would only answer 401 to a visitor.
 */
const SESSION_HINT = 'seats-session';

/** The signed-in user, from the httpOnly session cookie (GET /api/auth/me). */
export function AuthProvider({ children }: { children: ReactNode }) {
  // No session hint: signed out, known at once. With one: unknown until /api/auth/me answers.
  const [user, setUser] = useState<UserView | null | undefined>(() =>
    localStorage.getItem(SESSION_HINT) ? undefined : null,
  );

  useEffect(() => {
    if (!localStorage.getItem(SESSION_HINT)) return;
    api<UserView>('/api/auth/me').then(setUser, (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) localStorage.removeItem(SESSION_HINT);
      setUser(null);
    });
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const body = await api<TokenBody>('/api/auth/login', {
      method: 'POST',
      body: { email, password },
    });
    localStorage.setItem(SESSION_HINT, '1');
    setUser(body.user);
    return body.user;
  }, []);

  const register = useCallback<Auth['register']>(
    async (input) => {
      await api<UserView>('/api/auth/register', { method: 'POST', body: input });
      return login(input.email, input.password);
    },
    [login],
  );

  const logout = useCallback(async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    localStorage.removeItem(SESSION_HINT);
    setUser(null);
  }, []);

  return (
    <AuthContext.Provider value={{ user, login, register, logout }}>
      {children}
    </AuthContext.Provider>
  );
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

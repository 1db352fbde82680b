import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { navigate } from '../router';

function landing(role: 'buyer' | 'seller'): string {
  const back = sessionStorage.getItem('after-login');
  sessionStorage.removeItem('after-login');
  return back ?? (role === 'seller' ? '/sell' : '/events');
}

/** Remembers where to come back to after logging in. */
export function loginFirst(): void {
  sessionStorage.setItem('after-login', window.location.hash.replace(/^#/, ''));
  navigate('/login');
}

/**
 * An account form's submit: busy while it runs, then the user lands on their page; a failure is
 * shown, in plain words for the one status the form expects (`known`).
 */
function useAccountSubmit(
  run: () => Promise<{ role: 'buyer' | 'seller' }>,
  known: { status: number; message: string },
) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const user = await run();
      navigate(landing(user.role));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === known.status
          ? known.message
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function LoginPage() {
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useAccountSubmit(() => login(email, password), {
    status: 401,
    message: 'That email and password do not match an account.',
  });

  return (
    <section className="narrow">
      <h1>Log in</h1>
      <form onSubmit={submit} className="card form">
        <label>
          Email
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p>
          New here? <a href="#/register">Create an account</a>
        </p>
      </form>
    </section>
  );
}

export function RegisterPage() {
  const { register } = useAuth();
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    role: 'buyer' as 'buyer' | 'seller',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const { error, busy, submit } = useAccountSubmit(() => register(form), {
    status: 409,
    message: 'An account with this email already exists. Log in instead.',
  });

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit} className="card form">
        <label>
          Name
          <input required maxLength={100} value={form.name} onChange={set('name')} />
        </label>
        <label>
          Email
          <input
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set('email')}
          />
        </label>
        <label>
          Password (at least 8 characters)
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={form.password}
            onChange={set('password')}
          />
        </label>
        <fieldset>
          <legend>I want to</legend>
          <label className="inline">
            <input
              type="radio"
              name="role"
              value="buyer"
              checked={form.role === 'buyer'}
              onChange={set('role')}
            />
            buy tickets
          </label>
          <label className="inline">
            <input
              type="radio"
              name="role"
              value="seller"
              checked={form.role === 'seller'}
              onChange={set('role')}
            />
            sell tickets for my events
          </label>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Sign up'}
        </button>
      </form>
    </section>
  );
}

import { developmentBanner, developmentEnv } from './dev-mode';

describe('npm start', () => {
  it('runs the apps in development mode, even from a production shell', () => {
    expect(developmentEnv({ NODE_ENV: 'production' }).NODE_ENV).toBe('development');
  });

  it('raises the per-address limits for local load tests unless the shell sets them', () => {
    expect(developmentEnv({})).toMatchObject({
      SIGNUPS_PER_ADDRESS: '100000',
      LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    });
    expect(developmentEnv({ SIGNUPS_PER_ADDRESS: '3' }).SIGNUPS_PER_ADDRESS).toBe('3');
  });

  it('says in its banner that it is development mode, and what that leaves open', () => {
    const banner = developmentBanner({});
    expect(banner).toMatch(/^DEVELOPMENT MODE \(NODE_ENV=development\): not for production/);
    expect(banner).toMatch(/demo accounts/);
    expect(banner).toMatch(/NODE_ENV=production/);
    expect(developmentBanner({ NODE_ENV: 'production' })).toMatch(/was ignored/);
  });
});

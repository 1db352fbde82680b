import { useAuth } from './auth';
import { useRoute, type Route } from './router';
import { BookingPage } from './pages/booking-page';
import { EventPage } from './pages/event-page';
import { EventsPage } from './pages/events-page';
import { HistoryPage } from './pages/history-page';
import { LoginPage, RegisterPage } from './pages/account-pages';
import { DashboardPage } from './pages/seller/dashboard-page';
import { EditorPage } from './pages/seller/editor-page';
import { OrdersPage } from './pages/seller/orders-page';
import { SellerEventsPage } from './pages/seller/seller-events-page';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'events':
      return <EventsPage />;
    case 'event':
      return <EventPage id={route.id} />;
    case 'booking':
      return <BookingPage id={route.id} />;
    case 'history':
      return <HistoryPage />;
    case 'login':
      return <LoginPage />;
    case 'register':
      return <RegisterPage />;
    case 'sell':
      return <SellerEventsPage />;
    // Keyed by the event, so moving between the new-event form and a draft (or two drafts, by
    // back and forward) starts a fresh form instead of saving into the one shown before.
    case 'sell-new':
      return <EditorPage key="new" />;
    case 'sell-edit':
      return <EditorPage key={route.id} id={route.id} />;
    case 'dashboard':
      return <DashboardPage id={route.id} />;
    case 'orders':
      return <OrdersPage id={route.id} />;
    default:
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            <a href="#/events">Browse events</a>
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const { user, logout } = useAuth();
  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href="#/events">
          Seats
        </a>
        <nav aria-label="Main">
          <a href="#/events">Events</a>
          {user?.role === 'buyer' && <a href="#/history">My tickets</a>}
          {user?.role === 'seller' && <a href="#/sell">My events</a>}
          {user ? (
            <>
              <span className="who" data-testid="who">
                {user.name} ({user.role})
              </span>
              <button type="button" className="link" onClick={() => void logout()}>
                Log out
              </button>
            </>
          ) : user === null ? (
            <>
              <a href="#/login">Log in</a>
              <a href="#/register">Sign up</a>
            </>
          ) : null}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {user === undefined ? <p aria-busy="true">Loading…</p> : <Page route={route} />}
      </main>
    </>
  );
}

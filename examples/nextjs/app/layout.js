import './globals.css';

export const metadata = {
  title: 'checkAndRegisterUser example',
  description: 'Log in with Auth0, register with Hasura',
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

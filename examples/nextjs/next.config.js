/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Action and the e2e harness live outside this folder; nothing of theirs is bundled.
  poweredByHeader: false,
};

export default nextConfig;

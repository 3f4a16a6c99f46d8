"""Online joining (网上入会): applications, gig-worker routes, the outcome SMS."""

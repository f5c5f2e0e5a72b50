"""The guestbook and the queue display."""

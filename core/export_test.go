package core

// OnVerify makes s call f before every password verification, so that a test
// can count the argon2 runs (and hold them until it lets them go).
func OnVerify(s *Service, f func()) { s.hash.onVerify = f }

// EndPolling reports whether the poll of withdrawals made elsewhere runs.
func (s *Service) EndPolling() bool {
	s.ends.mu.Lock()
	defer s.ends.mu.Unlock()
	return s.ends.stop != nil
}

// BulletinPolling reports whether the poll of the bulletins runs.
func (s *Service) BulletinPolling() bool {
	s.bulletins.mu.Lock()
	defer s.bulletins.mu.Unlock()
	return s.bulletins.stop != nil
}

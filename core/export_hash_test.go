package core

// AroundHash makes every argon2 run of s go through around, which calls run
// once: a test sees, holds or counts the runs without changing their result.
func AroundHash(s *Service, around func(run func())) {
	real := s.hash.key
	s.hash.key = func(pw, salt []byte, t, m uint32, threads uint8, n uint32) []byte {
		var out []byte
		around(func() { out = real(pw, salt, t, m, threads, n) })
		return out
	}
}

// LoginsAdmitted is how many logins hold a place: checking or waiting.
func LoginsAdmitted(s *Service) int { return len(s.hash.logins) }

package core

// OnVerify makes s call f before every password verification, so that a test
// can count the argon2 runs (and hold them until it lets them go).
func OnVerify(s *Service, f func()) { s.hash.onVerify = f }

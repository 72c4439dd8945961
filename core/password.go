package core

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/crypto/argon2"
)

// HashParams are the argon2id cost parameters (SPEC §4.1: at least m = 19 MiB, t = 2, p = 1).
type HashParams struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultHashParams is the minimum the spec allows, used in production.
var DefaultHashParams = HashParams{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

// hasher hashes and verifies passwords with a bound on concurrent hashes,
// so many simultaneous logins cannot exhaust memory (argon2 memory × the
// bound), and a bound on the logins admitted at once (hashing or waiting for
// a hash), so that a burst is told it is busy instead of waiting without end.
type hasher struct {
	params HashParams
	slots  chan struct{} // argon2 runs at once
	logins chan struct{} // logins admitted: hashing or waiting for a slot
	// key is argon2.IDKey; tests put a fake in its place.
	key func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte
	// onVerify, when set, is called before every verification (tests count argon2 runs).
	onVerify func()
}

// ErrLoginBusy means that more logins wait for their password to be checked
// than the queue holds: the login was not attempted (not counted by the
// throttle) and may be tried again in a moment.
var ErrLoginBusy = fmt.Errorf("%w: too many logins at once", ErrBusy)

// newHasher bounds argon2 runs at once to concurrency (at least one) and the
// logins admitted at once to concurrency + queue.
func newHasher(p HashParams, concurrency, queue int) *hasher {
	if concurrency < 1 {
		concurrency = 1
	}
	if queue < 0 {
		queue = 0
	}
	return &hasher{params: p, slots: make(chan struct{}, concurrency),
		logins: make(chan struct{}, concurrency+queue), key: argon2.IDKey}
}

// admit takes a place for a login, or refuses it with ErrLoginBusy when all
// are taken; leave gives the place back.
func (h *hasher) admit() (leave func(), err error) {
	select {
	case h.logins <- struct{}{}:
		return func() { <-h.logins }, nil
	default:
		return nil, ErrLoginBusy
	}
}

// hash returns a PHC-style string: $argon2id$v=19$m=...,t=...,p=...$salt$hash.
func (h *hasher) hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	h.slots <- struct{}{}
	key := h.key([]byte(password), salt, h.params.Time, h.params.MemoryKiB, h.params.Threads, 32)
	<-h.slots
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.MemoryKiB, h.params.Time, h.params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// verify compares password with a PHC string in constant time.
func (h *hasher) verify(phc, password string) bool {
	var version int
	var p HashParams
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return false
	}
	if h.onVerify != nil {
		h.onVerify()
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	h.slots <- struct{}{}
	got := h.key([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	<-h.slots
	return subtle.ConstantTimeCompare(got, want) == 1
}

//go:embed catalog/common-passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// Password length limits (SPEC §4.1, decision).
const (
	PasswordMin = 10
	PasswordMax = 64
)

// checkPasswordShape applies the rules that need no history: length, half-width
// printable characters, not the login ID or mail local part, not a common password.
func checkPasswordShape(pw string, ids ...string) string {
	if pw == "" {
		return ProblemRequired
	}
	for _, r := range pw {
		if r < 0x21 || r > 0x7e {
			return ProblemFormat
		}
	}
	if len(pw) < PasswordMin || len(pw) > PasswordMax {
		return ProblemLength
	}
	for _, id := range ids {
		if id != "" && strings.EqualFold(pw, id) {
			return ProblemSameAsID
		}
	}
	if commonPasswords[strings.ToLower(pw)] {
		return ProblemCommon
	}
	return ""
}

// usedBefore reports whether pw matches the current hash or any in the history.
func (h *hasher) usedBefore(pw string, current string, history []string) bool {
	if current != "" && h.verify(current, pw) {
		return true
	}
	for _, old := range history {
		if h.verify(old, pw) {
			return true
		}
	}
	return false
}

// historyLimit bounds the kept hashes so a password change stays fast.
const historyLimit = 12

func pushHistory(history []string, old string) []string {
	if old == "" {
		return history
	}
	history = append(history, old)
	if len(history) > historyLimit {
		history = history[len(history)-historyLimit:]
	}
	return history
}

const initialAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// RandomPassword returns a 12-character initial password for a registration certificate.
// Letters that are easy to confuse on paper (0/O, 1/l/I) are left out.
func RandomPassword() (string, error) {
	b := make([]byte, 12)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(initialAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = initialAlphabet[n.Int64()]
	}
	return string(b), nil
}

// MaskPassword shows the first three characters and hides the rest with '*' (seed 003 §9, §25).
func MaskPassword(pw string) string {
	r := []rune(pw)
	if len(r) <= 3 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-3)
}

// Package pgtest gives tests a fresh, empty PostgreSQL database each.
//
// The first test that asks starts a throwaway server for the whole test binary
// from the installed binaries (/usr/lib/postgresql/*/bin, or initdb on PATH):
// initdb into a temporary directory — as the postgres user when the tests run
// as root, since initdb refuses root —, a free port on 127.0.0.1, no fsync.
// Main stops it when the tests end, and it also ends with the test binary.
// With MYPAGE_TEST_POSTGRES=postgres://… the tests use that server instead.
// Each test gets a schema of its own, dropped when it ends.
//
// Where PostgreSQL is not installed the tests skip, saying how to enable them;
// with CI=true they fail instead, so that CI never passes without them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names a server to use instead of a throwaway one.
const EnvURL = "MYPAGE_TEST_POSTGRES"

const enable = "install PostgreSQL (Debian: apt-get install postgresql) or set " + EnvURL +
	"=postgres://user@host/dbname to run the PostgreSQL tests"

var (
	mu      sync.Mutex
	started bool
	srv     *server // nil when EnvURL is used or nothing was started
	base    string  // URL of the database the schemas are made in
	failure error   // why there is no server; reported to every test
	missing bool    // failure is "not installed"
)

// URL returns the URL of a new empty database (a schema of its own) for this
// test, dropped at its end.
func URL(t testing.TB) string {
	t.Helper()
	b := ServerURL(t)
	name := "t_" + randomHex(8)
	conn := connect(t, b)
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("pgtest: creating schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), b)
		if err != nil {
			t.Logf("pgtest: dropping schema %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Logf("pgtest: dropping schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(b)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// ServerURL returns the URL of the server's database the tests' schemas are
// made in, starting the server on first use. A child test process given it as
// MYPAGE_TEST_POSTGRES shares this server.
func ServerURL(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		base, failure = setUp()
	}
	switch {
	case failure == nil:
		return base
	case missing && os.Getenv("CI") != "true":
		t.Skipf("pgtest: %v; %s", failure, enable)
	case missing:
		t.Fatalf("pgtest: %v; CI=true requires the PostgreSQL tests: %s", failure, enable)
	default:
		t.Fatalf("pgtest: %v", failure)
	}
	return ""
}

// Main runs the tests and stops the server they started.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the throwaway server, if one was started, and removes its files.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if srv != nil {
		srv.stop()
		srv = nil
	}
}

func connect(t testing.TB, u string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("pgtest: connecting: %v", err)
	}
	return c
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func setUp() (string, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return u, nil
	}
	bin, err := binDir()
	if err != nil {
		missing = true
		return "", err
	}
	var last error
	for range 3 { // another process may take the free port first
		s, err := start(bin)
		if err == nil {
			srv = s
			return s.url, nil
		}
		last = err
	}
	return "", last
}

// binGlob is where Debian installs each PostgreSQL version's binaries.
var binGlob = "/usr/lib/postgresql/*/bin"

// binDir finds the newest installed PostgreSQL's binaries.
func binDir() (string, error) {
	dirs, _ := filepath.Glob(binGlob)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		d := filepath.Dir(p)
		if isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, postgres) in /usr/lib/postgresql/*/bin or on PATH")
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

type server struct {
	dir  string
	url  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the server process has ended
}

// dirPattern names the directories of the servers this package starts.
const dirPattern = "mypage-pgtest-"

// staleAfter is how old a server's directory without a running server must be
// to be removed: a test binary that was killed leaves its directory (its server
// ends with it), one that is setting up has no server yet but a new directory.
const staleAfter = 10 * time.Minute

// sweepStale removes the directories in base left by test binaries that were
// killed: older than staleAfter, with no server process running in them.
func sweepStale(base string, now time.Time) {
	dirs, _ := filepath.Glob(filepath.Join(base, dirPattern+"*"))
	for _, dir := range dirs {
		fi, err := os.Lstat(dir)
		if err != nil || !fi.IsDir() || now.Sub(fi.ModTime()) < staleAfter {
			continue
		}
		if pidFile, err := os.ReadFile(filepath.Join(dir, "data", "postmaster.pid")); err == nil {
			first, _, _ := strings.Cut(string(pidFile), "\n")
			if pid, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && pid > 0 && syscall.Kill(pid, 0) == nil {
				continue // its server still runs
			}
		}
		_ = os.RemoveAll(dir)
	}
}

// start runs initdb and the server on a free port, and waits until it answers.
func start(bin string) (*server, error) {
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	base := tempBase(cred)
	sweepStale(base, time.Now())
	dir, err := os.MkdirTemp(base, dirPattern)
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, done: make(chan struct{})}
	data := filepath.Join(dir, "data")
	logFile := filepath.Join(dir, "server.log")
	if err := os.Mkdir(data, 0o700); err != nil {
		return nil, s.abandon(err)
	}
	if cred != nil {
		// The server's user must reach its data directory.
		if err := os.Chmod(dir, 0o711); err != nil {
			return nil, s.abandon(err)
		}
		if err := os.Chown(data, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, s.abandon(err)
		}
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--no-locale", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, s.abandon(fmt.Errorf("initdb: %v: %s", err, strings.TrimSpace(string(out))))
	}
	port, err := freePort()
	if err != nil {
		return nil, s.abandon(err)
	}
	log, err := os.OpenFile(logFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, s.abandon(err)
	}
	defer log.Close()
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300", "-c", "shared_buffers=32MB")
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = log, log
	s.cmd.SysProcAttr = serverAttr(cred)
	started := make(chan error, 1)
	go func() {
		// Pdeathsig fires when the starting thread ends: keep it for the
		// server's whole life.
		runtime.LockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			close(s.done)
			return
		}
		started <- nil
		_ = s.cmd.Wait()
		close(s.done)
	}()
	if err := <-started; err != nil {
		return nil, s.abandon(fmt.Errorf("starting postgres: %w", err))
	}
	s.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := pgx.Connect(ctx, s.url)
		cancel()
		if err == nil {
			c.Close(context.Background())
			return s, nil
		}
		select {
		case <-s.done:
			out, _ := os.ReadFile(logFile)
			s.stop()
			return nil, fmt.Errorf("postgres ended at start: %s", strings.TrimSpace(string(out)))
		default:
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logFile)
			s.stop()
			return nil, fmt.Errorf("postgres does not answer on port %d: %v: %s", port, err, strings.TrimSpace(string(out)))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// credential is the user the server runs as: the postgres user when root.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and there is no postgres user to run the server as (initdb refuses root): %w", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// tempBase is where the server's directory is made: the temporary directory,
// unless the server's user cannot reach it (a private /tmp), then that user's
// home.
func tempBase(cred *syscall.Credential) string {
	base := os.TempDir()
	if cred == nil || reachable(base, cred) {
		return base
	}
	if u, err := user.LookupId(strconv.Itoa(int(cred.Uid))); err == nil && u.HomeDir != "" && reachable(u.HomeDir, cred) {
		return u.HomeDir
	}
	return base
}

// reachable reports whether the user may enter dir and every directory above it.
func reachable(dir string, cred *syscall.Credential) bool {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		var st syscall.Stat_t
		if err := syscall.Stat(d, &st); err != nil {
			return false
		}
		var ok bool
		switch {
		case st.Uid == cred.Uid:
			ok = st.Mode&0o100 != 0
		case st.Gid == cred.Gid:
			ok = st.Mode&0o010 != 0
		default:
			ok = st.Mode&0o001 != 0
		}
		if !ok {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *server) abandon(err error) error {
	_ = os.RemoveAll(s.dir)
	return err
}

// stop asks for a fast shutdown, kills the server if it does not end, and
// removes its files.
func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.done
		}
	}
	_ = os.RemoveAll(s.dir)
}

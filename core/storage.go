package core

import "errors"

// Storage is what core needs from a database: atomic read and write transactions
// over named buckets of JSON documents. store/ implements it with bbolt.
type Storage interface {
	// View runs fn in a read-only transaction.
	View(fn func(Tx) error) error
	// Update runs fn in a read-write transaction; an error from fn rolls everything back.
	//
	// fn may run more than once: a store may roll the transaction back and run
	// fn again (PostgreSQL on a serialization failure or a deadlock), and only
	// the attempt that commits counts. fn must therefore have no effect outside
	// the Tx: no channel sent to, no watch notified, no counter, cache or
	// captured slice changed, and every result it hands out set afresh in each
	// attempt. What must follow the commit happens after Update returned nil.
	Update(fn func(Tx) error) error
}

// Tx is one transaction. Values are encoded by the implementation.
type Tx interface {
	// Get decodes the value at key into v; it returns ErrNoValue when there is none.
	Get(bucket, key string, v any) error
	// Put stores v at key.
	Put(bucket, key string, v any) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(bucket, key string) error
	// Append stores v under the bucket's next sequence number and returns it.
	Append(bucket string, v any) (uint64, error)
	// Scan calls fn for every key with the prefix, in key order, until fn returns false.
	Scan(bucket, prefix string, fn func(key string, decode func(v any) error) bool) error
}

// ErrNoValue is returned by Tx.Get for a missing key.
var ErrNoValue = errors.New("no value")

// Bucket names used by core.
const (
	bucketContracts   = "contracts"
	bucketAccounts    = "accounts"
	bucketTombstones  = "tombstones" // account IDs that were deleted and can never return
	bucketThrottle    = "throttle"
	bucketTokens      = "tokens" // confirm tokens already used
	bucketOutbox      = "outbox"
	bucketAudit       = "audit"
	bucketMailIndex   = "mail-index"   // provider mail addresses in use
	bucketStatements  = "statements"   // closed statements, "number/YYYY-MM"
	bucketCollections = "collections"  // what the bank reported per statement
	bucketCalls       = "calls"        // imported call records
	bucketSettings    = "settings"     // the demo clock
	bucketStepUps     = "step-ups"     // admin IDs' step-ups, "account/session"
	bucketPlanChanges = "plan-changes" // plan change requests by request number
	bucketTickets     = "tickets"      // mail inquiries (お問い合わせ) by ticket number
	bucketCallbacks   = "callbacks"    // callback bookings (コールバック予約) by booking number
	bucketRequests    = "requests"     // contract-change and guide requests by request number
)

// Buckets lists every bucket core uses, for a store to create on open.
var Buckets = []string{bucketContracts, bucketAccounts, bucketTombstones, bucketThrottle,
	bucketTokens, bucketOutbox, bucketAudit, bucketMailIndex, bucketStatements, bucketCollections, bucketCalls, bucketSettings, bucketStepUps, bucketPlanChanges,
	bucketTickets, bucketCallbacks, bucketRequests}

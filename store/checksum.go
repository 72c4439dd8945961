package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"

	bolt "go.etcd.io/bbolt"

	"mypage/core"
)

// DocumentHash sums the documents of one bucket in key order, so that two stores
// holding the same keys and the same value bytes give the same checksum whatever
// database they are kept in.
type DocumentHash struct{ h hash.Hash }

// NewDocumentHash starts an empty checksum.
func NewDocumentHash() *DocumentHash { return &DocumentHash{h: sha256.New()} }

// Add adds one document; documents must come in key order.
func (d *DocumentHash) Add(key, value []byte) {
	// Lengths first: "ab"+"c" and "a"+"bc" must not sum alike.
	var n [binary.MaxVarintLen64]byte
	d.h.Write(n[:binary.PutUvarint(n[:], uint64(len(key)))])
	d.h.Write(key)
	d.h.Write(n[:binary.PutUvarint(n[:], uint64(len(value)))])
	d.h.Write(value)
}

// Sum is the checksum of the documents added so far, "sha256:" and hex.
func (d *DocumentHash) Sum() string { return "sha256:" + hex.EncodeToString(d.h.Sum(nil)) }

// Counts returns the number of documents in every bucket core uses.
func (d *DB) Counts() (map[string]int, error) {
	out := make(map[string]int, len(core.Buckets))
	err := d.raw(false, func(tx *bolt.Tx) error {
		for _, name := range core.Buckets {
			b := tx.Bucket([]byte(name))
			if b == nil {
				return fmt.Errorf("store: %s: no bucket %q", d.path, name)
			}
			n := 0
			if err := b.ForEach(func(_, _ []byte) error { n++; return nil }); err != nil {
				return err
			}
			out[name] = n
		}
		return nil
	})
	return out, err
}

// Checksum returns the DocumentHash of every document of bucket.
func (d *DB) Checksum(bucket string) (string, error) {
	if !isCoreBucket(bucket) {
		return "", fmt.Errorf("store: no bucket %q", bucket)
	}
	sum := NewDocumentHash()
	err := d.raw(false, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("store: %s: no bucket %q", d.path, bucket)
		}
		return b.ForEach(func(k, v []byte) error {
			if v != nil { // nested buckets hold no documents
				sum.Add(k, v)
			}
			return nil
		})
	})
	if err != nil {
		return "", err
	}
	return sum.Sum(), nil
}

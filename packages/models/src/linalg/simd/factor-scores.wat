;; Dot products of one user vector with many item rows, four f32 lanes at a time (WebAssembly SIMD).
;; Rows are padded with zeros to a multiple of four floats, so `rowBytes` is a multiple of 16.
;; Built into factor-scores.wasm.ts by `npm run build:wasm -w @tessera/models`; a test checks the two agree.
(module
  (import "env" "memory" (memory 1))

  ;; Σ of the four lanes of v.
  (func $lanes (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; user · row, one row.
  (func $dot (param $user i32) (param $row i32) (param $rowBytes i32) (result f32)
    (local $f i32) (local $acc v128)
    (loop $cols
      (local.set $acc
        (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (i32.add (local.get $user) (local.get $f)))
                     (v128.load (i32.add (local.get $row) (local.get $f))))))
      (local.set $f (i32.add (local.get $f) (i32.const 16)))
      (br_if $cols (i32.lt_u (local.get $f) (local.get $rowBytes))))
    (call $lanes (local.get $acc)))

  ;; out[i] = user · items[i] for i < n. Four rows per pass share each load of the user vector.
  (func (export "scoreAll") (param $user i32) (param $items i32) (param $rowBytes i32) (param $n i32) (param $out i32)
    (local $i i32) (local $f i32) (local $row i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $u v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $row (local.get $items))
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $r1 (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $f (i32.const 0))
        (loop $cols
          (local.set $u (v128.load (i32.add (local.get $user) (local.get $f))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $row) (local.get $f))))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $r1) (local.get $f))))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $r2) (local.get $f))))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $r3) (local.get $f))))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $f) (local.get $rowBytes))))
        (f32.store offset=0 (local.get $out) (call $lanes (local.get $a0)))
        (f32.store offset=4 (local.get $out) (call $lanes (local.get $a1)))
        (f32.store offset=8 (local.get $out) (call $lanes (local.get $a2)))
        (f32.store offset=12 (local.get $out) (call $lanes (local.get $a3)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $row (i32.add (local.get $r3) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store (local.get $out) (call $dot (local.get $user) (local.get $row) (local.get $rowBytes)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out[k] = user · items[idx[k]] for k < count (idx: i32 row numbers).
  (func (export "scoreSome") (param $user i32) (param $items i32) (param $rowBytes i32) (param $idx i32) (param $count i32) (param $out i32)
    (local $k i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (f32.store (local.get $out)
          (call $dot (local.get $user)
            (i32.add (local.get $items) (i32.mul (i32.load (local.get $idx)) (local.get $rowBytes)))
            (local.get $rowBytes)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rows))))

  ;; Appends (i, s) to the outputs when s > threshold (at most max of them); returns the new count,
  ;; which keeps counting past max so the caller knows the threshold let too many through.
  (func $keep (param $s f32) (param $i i32) (param $threshold f32) (param $count i32) (param $max i32)
              (param $outIdx i32) (param $outScores i32) (result i32)
    (if (f32.gt (local.get $s) (local.get $threshold))
      (then
        (if (i32.lt_u (local.get $count) (local.get $max))
          (then
            (i32.store (i32.add (local.get $outIdx) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
            (f32.store (i32.add (local.get $outScores) (i32.shl (local.get $count) (i32.const 2))) (local.get $s))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))))
    (local.get $count))

  ;; As scoreAll, but keeps only the items scoring above threshold: their indices in outIdx and scores
  ;; in outScores (at most max), and returns how many there were. No score buffer is written, and the
  ;; caller ranks a few hundred survivors instead of scanning the whole catalog.
  (func (export "scoreAbove") (param $user i32) (param $items i32) (param $rowBytes i32) (param $n i32)
        (param $threshold f32) (param $outIdx i32) (param $outScores i32) (param $max i32) (result i32)
    (local $i i32) (local $f i32) (local $row i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $count i32)
    (local $u v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $sums v128) (local $bar v128)
    (local.set $bar (f32x4.splat (local.get $threshold)))
    (local.set $row (local.get $items))
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $r1 (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $f (i32.const 0))
        (loop $cols
          (local.set $u (v128.load (i32.add (local.get $user) (local.get $f))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $row) (local.get $f))))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $r1) (local.get $f))))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $r2) (local.get $f))))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $u) (v128.load (i32.add (local.get $r3) (local.get $f))))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $f) (local.get $rowBytes))))
        ;; Transpose the four accumulators so lane r of c_k is lane k of a_r, then sum as $lanes
        ;; does ((l0 + l1) + (l2 + l3)): the four scores in one vector, bit for bit scoreAll's.
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))
        (local.set $sums
          (f32x4.add
            (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))))
        ;; Most blocks have no score above the threshold: one compare for all four.
        (if (v128.any_true (f32x4.gt (local.get $sums) (local.get $bar)))
          (then
            (local.set $count (call $keep (f32x4.extract_lane 0 (local.get $sums)) (local.get $i) (local.get $threshold)
              (local.get $count) (local.get $max) (local.get $outIdx) (local.get $outScores)))
            (local.set $count (call $keep (f32x4.extract_lane 1 (local.get $sums)) (i32.add (local.get $i) (i32.const 1))
              (local.get $threshold) (local.get $count) (local.get $max) (local.get $outIdx) (local.get $outScores)))
            (local.set $count (call $keep (f32x4.extract_lane 2 (local.get $sums)) (i32.add (local.get $i) (i32.const 2))
              (local.get $threshold) (local.get $count) (local.get $max) (local.get $outIdx) (local.get $outScores)))
            (local.set $count (call $keep (f32x4.extract_lane 3 (local.get $sums)) (i32.add (local.get $i) (i32.const 3))
              (local.get $threshold) (local.get $count) (local.get $max) (local.get $outIdx) (local.get $outScores)))))
        (local.set $row (i32.add (local.get $r3) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $count (call $keep (call $dot (local.get $user) (local.get $row) (local.get $rowBytes)) (local.get $i)
          (local.get $threshold) (local.get $count) (local.get $max) (local.get $outIdx) (local.get $outScores)))
        (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $count)))

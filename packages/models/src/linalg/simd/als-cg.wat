;; One conjugate-gradient half-iteration of implicit ALS (Hu, Koren, Volinsky 2008; CG as in Takács et al. and
;; implicit's least_squares_cg), in float32 with WebAssembly SIMD. Every vector is `fb` bytes: the factor count
;; padded with zeros to a multiple of four floats. All pointers are byte offsets into the imported memory.
;; Built into als-cg.wasm.ts by `npm run build:wasm -w @tessera/models`; a test checks the two agree.
(module
  (import "env" "memory" (memory 1))

  (func $lanes (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; a·b
  (func $dot (param $a i32) (param $b i32) (param $fb i32) (result f32)
    (local $o i32) (local $acc v128)
    (loop $l
      (local.set $acc (f32x4.add (local.get $acc)
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $o))) (v128.load (i32.add (local.get $b) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $fb))))
    (call $lanes (local.get $acc)))

  ;; y += s·x
  (func $axpy (param $s f32) (param $x i32) (param $y i32) (param $fb i32)
    (local $o i32) (local $sv v128) (local $at i32)
    (local.set $sv (f32x4.splat (local.get $s)))
    (loop $l
      (local.set $at (i32.add (local.get $y) (local.get $o)))
      (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at))
        (f32x4.mul (local.get $sv) (v128.load (i32.add (local.get $x) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $fb)))))

  ;; p = r + s·p
  (func $xpby (param $r i32) (param $s f32) (param $p i32) (param $fb i32)
    (local $o i32) (local $sv v128) (local $at i32)
    (local.set $sv (f32x4.splat (local.get $s)))
    (loop $l
      (local.set $at (i32.add (local.get $p) (local.get $o)))
      (v128.store (local.get $at) (f32x4.add (v128.load (i32.add (local.get $r) (local.get $o)))
        (f32x4.mul (local.get $sv) (v128.load (local.get $at)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $fb)))))

  ;; out = s·M·v for the padded square matrix M (row a at m + a·fb); padded rows of M are zero.
  (func $matvec (param $m i32) (param $v i32) (param $out i32) (param $fb i32) (param $s f32)
    (local $o i32)
    (loop $l
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.mul (local.get $s) (call $dot (i32.add (local.get $m) (i32.mul (local.get $o) (i32.shr_u (local.get $fb) (i32.const 2))))
                                           (local.get $v) (local.get $fb))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $fb)))))

  ;; Updates rows [0, nRows) of X given Y: x_u ← `steps` CG iterations on
  ;; (YᵀY + λI + Σ_i c1_ui y_i y_iᵀ) x_u = Σ_i (1 + c1_ui) y_i, warm-started from x_u, with c1 = alpha·value.
  ;; yty holds YᵀY + λI. conf[k] = c1 of the k-th nonzero (CSR: indptr, indices). r, p, ap: scratch vectors.
  (func (export "sweep")
    (param $x i32) (param $y i32) (param $yty i32) (param $indptr i32) (param $indices i32) (param $conf i32)
    (param $nRows i32) (param $fb i32) (param $steps i32) (param $r i32) (param $p i32) (param $ap i32)
    (local $u i32) (local $k i32) (local $end i32) (local $xo i32) (local $yo i32) (local $s i32)
    (local $c1 f32) (local $rsOld f32) (local $rsNew f32) (local $alpha f32)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $u) (local.get $nRows)))
        (local.set $xo (i32.add (local.get $x) (i32.mul (local.get $u) (local.get $fb))))
        (local.set $k (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $indptr) (i32.shl (i32.add (local.get $u) (i32.const 1)) (i32.const 2)))))
        (block $next
          (if (i32.eq (local.get $k) (local.get $end))
            (then (memory.fill (local.get $xo) (i32.const 0) (local.get $fb)) (br $next)))
          ;; r = b − A·x
          (call $matvec (local.get $yty) (local.get $xo) (local.get $r) (local.get $fb) (f32.const -1))
          (loop $nz
            (local.set $c1 (f32.load (i32.add (local.get $conf) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $yo (i32.add (local.get $y)
              (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $fb))))
            (call $axpy
              (f32.sub (f32.add (f32.const 1) (local.get $c1))
                       (f32.mul (local.get $c1) (call $dot (local.get $yo) (local.get $xo) (local.get $fb))))
              (local.get $yo) (local.get $r) (local.get $fb))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $nz (i32.lt_u (local.get $k) (local.get $end))))
          (memory.copy (local.get $p) (local.get $r) (local.get $fb))
          (local.set $rsOld (call $dot (local.get $r) (local.get $r) (local.get $fb)))
          (br_if $next (f32.lt (local.get $rsOld) (f32.const 1e-20)))
          (local.set $s (i32.const 0))
          (block $cgDone
            (loop $cg
              (br_if $cgDone (i32.ge_u (local.get $s) (local.get $steps)))
              ;; ap = A·p
              (call $matvec (local.get $yty) (local.get $p) (local.get $ap) (local.get $fb) (f32.const 1))
              (local.set $k (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
              (loop $nz2
                (local.set $c1 (f32.load (i32.add (local.get $conf) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $yo (i32.add (local.get $y)
                  (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $fb))))
                (call $axpy (f32.mul (local.get $c1) (call $dot (local.get $yo) (local.get $p) (local.get $fb)))
                  (local.get $yo) (local.get $ap) (local.get $fb))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br_if $nz2 (i32.lt_u (local.get $k) (local.get $end))))
              (local.set $alpha (f32.div (local.get $rsOld) (call $dot (local.get $p) (local.get $ap) (local.get $fb))))
              (call $axpy (local.get $alpha) (local.get $p) (local.get $xo) (local.get $fb))
              (call $axpy (f32.neg (local.get $alpha)) (local.get $ap) (local.get $r) (local.get $fb))
              (local.set $rsNew (call $dot (local.get $r) (local.get $r) (local.get $fb)))
              (br_if $cgDone (f32.lt (local.get $rsNew) (f32.const 1e-20)))
              (call $xpby (local.get $r) (f32.div (local.get $rsNew) (local.get $rsOld)) (local.get $p) (local.get $fb))
              (local.set $rsOld (local.get $rsNew))
              (local.set $s (i32.add (local.get $s) (i32.const 1)))
              (br $cg))))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $rows)))))

// absl_mutex_tsan.cc: makes Debian's absl::Mutex and absl::CondVar visible to ThreadSanitizer.
// Linked only into the GL_TSAN test binary (CMakeLists.txt, `make check-tsan`).
//
// Why: Debian builds libabsl without ThreadSanitizer, so absl::Mutex (futexes and atomics inside
// an uninstrumented shared library) orders nothing as far as TSan can see, and every member
// guarded by one is reported as a race (checked: two threads incrementing a counter under
// absl::MutexLock). This file defines the out-of-line members of absl::Mutex and absl::CondVar
// that gridline calls; being in the executable, these definitions take precedence over the
// library's (ELF symbol interposition). Each one calls the library's own function, found with
// dlsym(RTLD_NEXT), and tells TSan what it did with the annotations Abseil itself emits when it
// is built with TSan (__tsan_mutex_pre_lock / post_lock / pre_unlock / post_unlock).
//
// Await and the LockWhen family evaluate their Condition in the waiting thread, with the lock
// held, and otherwise release and retake it with a short sleep until it holds, instead of handing
// the condition to the library: the library evaluates conditions in whichever thread unlocks,
// inside its own (unannotated) unlock, where TSan would see reads of guarded data with no lock
// held. The semantics (return with the lock held once the condition is true; the timed forms
// return whether it is) are the library's; only the wake-up is slower, which a test run can
// afford. Await and CondVar::Wait assume the lock is held exclusively, as everywhere in src/.
//
// absl::Notification is wrapped too: Notify releases and the waits acquire, which the library's
// own (uninstrumented) atomics do not show TSan. HasBeenNotified() alone, an inline atomic load,
// is not an edge here.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>
#include <sched.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace {

// The library's definition of a member function, called with `this` as its first argument.
template <typename Fn>
Fn Real(const char* mangled) {
  void* f = dlsym(RTLD_NEXT, mangled);
  if (f == nullptr) {
    std::fprintf(stderr, "absl_mutex_tsan: %s not found in libabsl (%s)\n", mangled, dlerror());
    std::abort();
  }
  return reinterpret_cast<Fn>(f);
}

using MutexFn = void (*)(absl::Mutex*);
using MutexTryFn = bool (*)(absl::Mutex*);
using CondVarWaitFn = void (*)(absl::CondVar*, absl::Mutex*);
using CondVarWaitDeadlineFn = bool (*)(absl::CondVar*, absl::Mutex*, absl::Time);
using NotifyFn = void (*)(absl::Notification*);
using NotificationWaitFn = void (*)(const absl::Notification*);
using NotificationWaitDeadlineFn = bool (*)(const absl::Notification*, absl::Time);

#define GL_REAL(type, name, mangled)           \
  type name() {                                \
    static const type f = Real<type>(mangled); \
    return f;                                  \
  }
GL_REAL(MutexFn, RealLock, "_ZN4absl7debian35Mutex4LockEv")
GL_REAL(MutexFn, RealUnlock, "_ZN4absl7debian35Mutex6UnlockEv")
GL_REAL(MutexFn, RealReaderLock, "_ZN4absl7debian35Mutex10ReaderLockEv")
GL_REAL(MutexFn, RealReaderUnlock, "_ZN4absl7debian35Mutex12ReaderUnlockEv")
GL_REAL(MutexTryFn, RealTryLock, "_ZN4absl7debian35Mutex7TryLockEv")
GL_REAL(MutexTryFn, RealReaderTryLock, "_ZN4absl7debian35Mutex13ReaderTryLockEv")
GL_REAL(MutexFn, RealMutexDtor, "_ZN4absl7debian35MutexD2Ev")
GL_REAL(CondVarWaitFn, RealWait, "_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE")
GL_REAL(CondVarWaitDeadlineFn, RealWaitWithDeadline,
        "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE")
GL_REAL(NotifyFn, RealNotify, "_ZN4absl7debian312Notification6NotifyEv")
GL_REAL(NotificationWaitFn, RealWaitForNotification,
        "_ZNK4absl7debian312Notification19WaitForNotificationEv")
GL_REAL(NotificationWaitDeadlineFn, RealWaitForNotificationWithDeadline,
        "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE")
#undef GL_REAL

// Between two evaluations of an unmet condition: yield at first, then sleep up to 1 ms.
void Backoff(int round) {
  if (round < 64) {
    sched_yield();
  } else {
    absl::SleepFor(absl::Microseconds(round < 256 ? 50 : 1000));
  }
}

// Waits with the lock of mode `read` held until cond holds or `deadline` passes; returns
// whether cond holds.
bool WaitFor(absl::Mutex* mu, const absl::Condition& cond, absl::Time deadline, bool read) {
  for (int round = 0; !cond.Eval(); ++round) {
    if (absl::Now() >= deadline) return false;
    if (read) {
      mu->ReaderUnlock();
    } else {
      mu->Unlock();
    }
    Backoff(round);
    if (read) {
      mu->ReaderLock();
    } else {
      mu->Lock();
    }
  }
  return true;
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

Mutex::~Mutex() {
  __tsan_mutex_destroy(this, 0);
  RealMutexDtor()(this);
}

void Mutex::Lock() {
  __tsan_mutex_pre_lock(this, 0);
  RealLock()(this);
  __tsan_mutex_post_lock(this, 0, 0);
}

void Mutex::Unlock() {
  __tsan_mutex_pre_unlock(this, 0);
  RealUnlock()(this);
  __tsan_mutex_post_unlock(this, 0);
}

void Mutex::ReaderLock() {
  __tsan_mutex_pre_lock(this, __tsan_mutex_read_lock);
  RealReaderLock()(this);
  __tsan_mutex_post_lock(this, __tsan_mutex_read_lock, 0);
}

void Mutex::ReaderUnlock() {
  __tsan_mutex_pre_unlock(this, __tsan_mutex_read_lock);
  RealReaderUnlock()(this);
  __tsan_mutex_post_unlock(this, __tsan_mutex_read_lock);
}

bool Mutex::TryLock() {
  __tsan_mutex_pre_lock(this, __tsan_mutex_try_lock);
  const bool locked = RealTryLock()(this);
  __tsan_mutex_post_lock(this, __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed),
                         0);
  return locked;
}

bool Mutex::ReaderTryLock() {
  const unsigned flags = __tsan_mutex_read_lock | __tsan_mutex_try_lock;
  __tsan_mutex_pre_lock(this, flags);
  const bool locked = RealReaderTryLock()(this);
  __tsan_mutex_post_lock(this, flags | (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
  return locked;
}

void Mutex::Await(const Condition& cond) { WaitFor(this, cond, InfiniteFuture(), false); }

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  return WaitFor(this, cond, deadline, false);
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  return WaitFor(this, cond, Now() + timeout, false);
}

void Mutex::LockWhen(const Condition& cond) {
  Lock();
  WaitFor(this, cond, InfiniteFuture(), false);
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  Lock();
  return WaitFor(this, cond, deadline, false);
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  Lock();
  return WaitFor(this, cond, Now() + timeout, false);
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  ReaderLock();
  WaitFor(this, cond, InfiniteFuture(), true);
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  ReaderLock();
  return WaitFor(this, cond, deadline, true);
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond, Duration timeout) {
  ReaderLock();
  return WaitFor(this, cond, Now() + timeout, true);
}

// The library releases and retakes mu inside Wait; to TSan that is an unlock before the wait
// and a lock after it.
void CondVar::Wait(Mutex* mu) {
  __tsan_mutex_pre_unlock(mu, 0);
  __tsan_mutex_post_unlock(mu, 0);
  RealWait()(this, mu);
  __tsan_mutex_pre_lock(mu, 0);
  __tsan_mutex_post_lock(mu, 0, 0);
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  __tsan_mutex_pre_unlock(mu, 0);
  __tsan_mutex_post_unlock(mu, 0);
  const bool timed_out = RealWaitWithDeadline()(this, mu, deadline);
  __tsan_mutex_pre_lock(mu, 0);
  __tsan_mutex_post_lock(mu, 0, 0);
  return timed_out;
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  return WaitWithDeadline(mu, Now() + timeout);
}

void Notification::Notify() {
  __tsan_release(this);
  RealNotify()(this);
}

void Notification::WaitForNotification() const {
  RealWaitForNotification()(this);
  __tsan_acquire(const_cast<Notification*>(this));
}

bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  const bool notified = RealWaitForNotificationWithDeadline()(this, deadline);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  return WaitForNotificationWithDeadline(Now() + timeout);
}

ABSL_NAMESPACE_END
}  // namespace absl

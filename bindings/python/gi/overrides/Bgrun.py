# PyGObject overrides for libbgrun: what makes the Bgrun namespace feel
# like Python rather than C seen through introspection.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# PyGObject loads this file when an app imports Bgrun from gi.repository
# (meson installs it into PyGObject's overrides directory; the tests find
# it in the source tree through PYTHONPATH). Most of it is generic, driven
# by the typelib, so that API added to libbgrun later gets the same
# treatment without a change here:
#
# - every method `x_async` that has an `x_finish` returns an awaitable
#   when it is called without a callback;
# - every argument that is a GLib.DateTime also takes a datetime, every
#   argument that is a double (libbgrun's durations are seconds as
#   doubles) also takes a timedelta, and every GLib.DateTime a method
#   returns comes back as a Bgrun.DateTime: still that GLib.DateTime, which
#   Python code uses as a datetime;
# - every GLib.DateTime property has a Python attribute of the same name
#   that reads and writes datetimes (`task.expiration_date`).
#
# By hand: coroutine handlers for Scheduler.register(), context managers
# for the background activity and the sessions, enums where the C API
# returns integers, and Bgrun.run(), which runs a coroutine on an asyncio
# loop that is the GLib main loop.

import asyncio
import datetime
import functools
import inspect
import traceback

from gi.repository import GLib, Gio

from ..module import get_introspection_module
from ..overrides import override

Bgrun = get_introspection_module('Bgrun')

__all__ = []

_TAG_DOUBLE = 11
_TAG_ARRAY = 15
_TAG_INTERFACE = 16
_DIRECTION_OUT = 1


# ---- the event loop --------------------------------------------------------

def event_loop_policy():
    '''The asyncio event loop policy whose loops are the GLib main loop.

    PyGObject 3.50 and later bring their own (gi.events); on older ones,
    such as Debian 12's 3.42, it is gbulb's (the python3-gbulb package).
    Raises ImportError, saying what to install, when neither is there.
    '''
    try:
        from gi.events import GLibEventLoopPolicy
        return GLibEventLoopPolicy()
    except ImportError:
        pass
    try:
        import gbulb
    except ImportError as error:
        raise ImportError('Awaiting libbgrun needs asyncio on the GLib main loop: '
                          'PyGObject 3.50 or later, or gbulb (python3-gbulb) '
                          'with an older PyGObject.') from error
    return gbulb.GLibEventLoopPolicy()


def run(main):
    '''Runs the coroutine @main to its end on an asyncio loop that is the
    GLib main loop, so that libbgrun's callbacks, signals and awaitables
    all run in it, and returns what @main returns.'''
    asyncio.set_event_loop_policy(event_loop_policy())
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(main)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


__all__ += ['event_loop_policy', 'run']


# ---- dates and durations ---------------------------------------------------

class DateTime(GLib.DateTime):
    '''A date libbgrun returned. It is the GLib.DateTime the C API gave,
    so it goes wherever one does (properties, GLib's functions), and
    Python code uses it as a datetime: it compares with datetimes, adds
    and subtracts timedeltas, subtracts to a timedelta, and has year …
    microsecond, tzinfo, isoformat(), timestamp() and astimezone();
    to_datetime() gives the datetime itself.'''

    __slots__ = ()

    @classmethod
    def from_glib(cls, value):
        value.__class__ = cls
        return value

    def to_datetime(self):
        '''This moment as an aware datetime, in this date's offset.'''
        offset = datetime.timedelta(microseconds=self.get_utc_offset())
        return datetime.datetime(self.get_year(), self.get_month(), self.get_day_of_month(),
                                 self.get_hour(), self.get_minute(), self.get_second(),
                                 self.get_microsecond(), datetime.timezone(offset))

    year = property(lambda self: self.get_year())
    month = property(lambda self: self.get_month())
    day = property(lambda self: self.get_day_of_month())
    hour = property(lambda self: self.get_hour())
    minute = property(lambda self: self.get_minute())
    second = property(lambda self: self.get_second())
    microsecond = property(lambda self: self.get_microsecond())
    tzinfo = property(lambda self: self.to_datetime().tzinfo)

    def utcoffset(self):
        return self.to_datetime().utcoffset()

    def timestamp(self):
        return self.to_unix() + self.get_microsecond() / 1e6

    def isoformat(self, *args, **kwargs):
        return self.to_datetime().isoformat(*args, **kwargs)

    def astimezone(self, tz=None):
        return self.to_datetime().astimezone(tz)

    def __str__(self):
        return str(self.to_datetime())

    def __repr__(self):
        return f'Bgrun.DateTime({self.isoformat()})'

    def __add__(self, other):
        if isinstance(other, datetime.timedelta):
            return DateTime.from_glib(self.add(other // datetime.timedelta(microseconds=1)))
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, datetime.timedelta):
            return self + -other
        if isinstance(other, (datetime.datetime, GLib.DateTime)):
            return self.to_datetime() - _as_datetime(other)
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, datetime.datetime):
            return other - self.to_datetime()
        return NotImplemented

    def _compare(self, other, op):
        if isinstance(other, (datetime.datetime, GLib.DateTime)):
            return op(self.to_datetime(), _as_datetime(other))
        return NotImplemented

    def __eq__(self, other):
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._compare(other, lambda a, b: a != b)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __hash__(self):
        return hash(self.to_datetime())


def _as_datetime(value):
    if isinstance(value, GLib.DateTime):
        return DateTime.to_datetime(value)
    return value


def _to_glib_date(value):
    '''A GLib.DateTime for a datetime; a naive one is local time.'''
    seconds = value.second + value.microsecond / 1e6
    if value.tzinfo is None:
        return GLib.DateTime.new_local(value.year, value.month, value.day,
                                       value.hour, value.minute, seconds)
    offset = value.utcoffset()
    zone = GLib.TimeZone.new_offset(int(offset.total_seconds()))
    return GLib.DateTime.new(zone, value.year, value.month, value.day,
                             value.hour, value.minute, seconds)


def _to_glib(value):
    if isinstance(value, datetime.datetime):
        return _to_glib_date(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return value


def _from_glib(value):
    if isinstance(value, GLib.DateTime) and not isinstance(value, DateTime):
        return DateTime.from_glib(value)
    if isinstance(value, tuple):
        return tuple(_from_glib(item) for item in value)
    return value


def _converting(function):
    '''@function, taking datetimes and timedeltas for its arguments and
    returning Bgrun.DateTime for GLib.DateTime.'''
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        args = [_to_glib(arg) for arg in args]
        kwargs = {name: _to_glib(arg) for name, arg in kwargs.items()}
        return _from_glib(function(*args, **kwargs))
    return wrapper


def _converting_static(bound):
    '''_converting() for a constructor or static function, as PyGObject
    gives it bound to its class.'''
    return staticmethod(_converting(bound))


def _is_date(type_info):
    if type_info.get_tag() != _TAG_INTERFACE:
        return False
    interface = type_info.get_interface()
    return interface.get_namespace() == 'GLib' and interface.get_name() == 'DateTime'


def _converts(info):
    '''Whether a method takes or returns something _converting() converts.'''
    for arg in info.get_arguments():
        type_info = arg.get_type()
        if type_info.get_tag() == _TAG_DOUBLE or _is_date(type_info):
            return True
    return _is_date(info.get_return_type())


# ---- awaitables ------------------------------------------------------------

def _python_arguments(info):
    '''The names of the arguments Python passes to @info, in order: not
    out-arguments, array lengths, closures or destroy notifiers.'''
    args = info.get_arguments()
    hidden = set()
    for index, arg in enumerate(args):
        hidden.update(i for i in (arg.get_closure(), arg.get_destroy()) if i >= 0)
        if arg.get_type().get_tag() == _TAG_ARRAY and arg.get_type().get_array_length() >= 0:
            hidden.add(arg.get_type().get_array_length())
        if arg.get_direction() == _DIRECTION_OUT:
            hidden.add(index)
    return [arg.get_name() for index, arg in enumerate(args) if index not in hidden]


def _awaitable(async_method, finish_name, info):
    '''@async_method, which without a callback returns an asyncio future
    of what @finish_name returns (or raises). Cancelling the future
    cancels the operation through its GCancellable.'''
    names = _python_arguments(info)
    callback_at = names.index('callback')
    cancellable_at = names.index('cancellable') if 'cancellable' in names else None

    @functools.wraps(async_method)
    def wrapper(self, *args, **kwargs):
        if len(args) > callback_at or 'callback' in kwargs:
            return async_method(self, *args, **kwargs)
        loop = asyncio.get_event_loop()
        future = loop.create_future()
        args = list(args)
        if cancellable_at is not None:
            if len(args) > cancellable_at:
                cancellable = args.pop(cancellable_at)
            else:
                cancellable = kwargs.pop('cancellable', None)
            if cancellable is None:
                cancellable = Gio.Cancellable()
            args.insert(cancellable_at, cancellable)
            future.add_done_callback(lambda f: f.cancelled() and cancellable.cancel())

        def on_ready(source, result, *_user_data):
            if future.done():
                return
            try:
                # A static pair has no source: its finish comes as self.
                finish = getattr(source, finish_name) if finish_name else self
                future.set_result(_from_glib(finish(result)))
            except Exception as error:  # noqa: BLE001 — given to the awaiter
                future.set_exception(error)

        async_method(self, *args, callback=on_ready, **kwargs)
        return future
    return wrapper


def _awaitable_static(async_function, finish, info):
    '''_awaitable() for a pair of static functions or constructors, as
    PyGObject gives them bound to their class.'''
    method = _awaitable(lambda _none, *args, **kwargs: async_function(*args, **kwargs), None, info)

    def wrapper(*args, **kwargs):
        return method(finish, *args, **kwargs)
    return staticmethod(functools.wraps(async_function)(wrapper))


def _wrap_class(cls):
    info = getattr(cls, '__info__', None)
    if info is None or not hasattr(info, 'get_methods'):
        return
    methods = {method.get_name(): method for method in info.get_methods()}
    for name, method_info in methods.items():
        if name not in cls.__dict__:
            continue
        method = cls.__dict__[name]
        if _converts(method_info):
            method = (_converting(method) if method_info.is_method()
                      else _converting_static(getattr(cls, name)))
        finish_name = name[:-len('_async')] + '_finish'
        if name.endswith('_async') and finish_name in methods and method_info.is_method():
            method = _awaitable(method, finish_name, method_info)
        elif name.endswith('_async') and finish_name in methods:
            method = _awaitable_static(getattr(cls, name), getattr(cls, finish_name), method_info)
        if method is not cls.__dict__[name]:
            setattr(cls, name, method)
    if hasattr(info, 'get_properties'):
        for prop in info.get_properties():
            if _is_date(prop.get_type()):
                _add_date_property(cls, prop.get_name())


def _add_date_property(cls, name):
    attribute = name.replace('-', '_')
    if attribute in cls.__dict__:
        return

    def getter(self):
        return _from_glib(self.get_property(name))

    def setter(self, value):
        self.set_property(name, _to_glib(value))

    setattr(cls, attribute, property(getter, setter, doc=f'The {name} property, as a datetime.'))


def _wrap_namespace():
    for name in dir(Bgrun):
        try:
            value = getattr(Bgrun, name)
        except (AttributeError, NotImplementedError, RuntimeError):
            continue
        if isinstance(value, type):
            _wrap_class(value)


_wrap_namespace()
__all__ += ['DateTime']


# ---- the scheduler: coroutine handlers -------------------------------------

def _fail(task, message):
    if task.get_state() == Bgrun.TaskState.RUNNING:
        task.set_task_failed(message)


def _describe(error):
    return ''.join(traceback.format_exception_only(type(error), error)).strip()


def _run_coroutine(task, coroutine):
    '''Awaits @coroutine, the work of @task, on the running asyncio loop,
    and completes the task as soon as it ends: with what it returned
    (False: failed), or as failed with the exception's message. The task's
    expiry cancels it.'''
    try:
        loop = asyncio.get_event_loop()
        if not loop.is_running():
            raise RuntimeError('no asyncio loop runs')
    except RuntimeError:
        if inspect.iscoroutine(coroutine):
            coroutine.close()
        _fail(task, 'A coroutine handler needs an asyncio loop on the GLib main loop: '
                    'run the app with Bgrun.run(), or with PyGObject 3.50’s or gbulb’s event loop policy.')
        return

    async def supervised():
        try:
            result = await coroutine
        except asyncio.CancelledError:
            _fail(task, 'The task’s time ran out before its coroutine finished.')
            raise
        except Exception as error:  # noqa: BLE001 — it is the task's outcome
            _fail(task, _describe(error))
            return
        if task.get_state() == Bgrun.TaskState.RUNNING:
            task.set_task_completed(result is not False)

    work = loop.create_task(supervised())
    expired = task.connect('expired', lambda *_args: work.cancel())
    work.add_done_callback(lambda _work: task.disconnect(expired))


@override
class Scheduler(Bgrun.Scheduler):
    def register(self, identifier, handler, *user_data):
        '''Registers @handler for the tasks of @identifier. @handler is
        called as handler(scheduler, task, *user_data). It may be an async
        function: the coroutine is awaited on the running asyncio loop
        (see Bgrun.run()), the task completes when it returns (failed if
        it returns False) and, if it raises, completes as failed with the
        exception's message in the history. An expiring task cancels the
        coroutine.'''
        def run_handler(scheduler, task, *data):
            try:
                result = handler(scheduler, task, *data)
            except Exception as error:
                _fail(task, _describe(error))
                traceback.print_exc()
                return
            if inspect.isawaitable(result):
                _run_coroutine(task, result)
        return super().register(identifier, run_handler, *user_data)


__all__.append('Scheduler')


# ---- the test driver from coroutines ----------------------------------------

def _from_callback(call, *args):
    '''A future of call(*args), made from a main-loop callback rather than
    from the coroutine that awaits it. The test driver runs the main loop
    itself until everything due has run; from inside a running asyncio
    task, the coroutine handlers it starts could not take their first
    step.'''
    loop = asyncio.get_event_loop()
    future = loop.create_future()

    def run():
        try:
            future.set_result(call(*args))
        except Exception as error:  # noqa: BLE001 — given to the awaiter
            future.set_exception(error)
    loop.call_soon(run)
    return future


@override
class TestDriver(Bgrun.TestDriver):
    def advance_async(self, seconds):
        '''advance(), awaitable: use it from coroutines.'''
        return _from_callback(self.advance, seconds)

    def run_task_now_async(self, identifier):
        '''run_task_now(), awaitable: use it from coroutines.'''
        return _from_callback(self.run_task_now, identifier)

    def expire_task_async(self, identifier):
        '''expire_task(), awaitable: use it from coroutines.'''
        return _from_callback(self.expire_task, identifier)


__all__.append('TestDriver')


# ---- enums where the C API gives integers -----------------------------------

@override
class Explanation(Bgrun.Explanation):
    def get_reasons(self):
        '''Every reason the request waits, as Bgrun.WaitReason.'''
        return [Bgrun.WaitReason(reason) for reason in super().get_reasons()]


__all__.append('Explanation')


# ---- context managers ------------------------------------------------------

class _Lifetime:
    '''`with` runs the block while the object runs: it starts on entry
    (unless it was started already) and ends on exit, also when the block
    raises.'''

    def __enter__(self):
        self._bgrun_enter()
        return self

    def __exit__(self, *_exc_info):
        self._bgrun_exit()
        return False


@override
class BackgroundActivity(_Lifetime, Bgrun.BackgroundActivity):
    '''A background activity, as a context manager:

        with Bgrun.BackgroundActivity(app, 'Saving the document'):
            save()

    begins the activity (Bgrun.BackgroundActivity.begin()) and ends it when
    the block is left. @app, which may be left out, is the default
    Gio.Application, the one the activity keeps running.'''

    def __new__(cls, *args, clock=None, **kwargs):
        if not args:
            return super().__new__(cls)
        application, reason = (None, args[0]) if len(args) == 1 else args
        if application is not None and application != Gio.Application.get_default():
            raise ValueError('A background activity keeps the default Gio.Application '
                             'running: give that one, or none.')
        if clock is not None:
            return Bgrun.BackgroundActivity.begin_with_clock(clock, reason)
        return Bgrun.BackgroundActivity.begin(reason)

    def __init__(self, *args, **kwargs):
        if not args:
            super().__init__(**kwargs)

    def _bgrun_enter(self):
        pass

    def _bgrun_exit(self):
        if self.get_active():
            self.end()


__all__.append('BackgroundActivity')


def _session_lifetime(cls, start, stop, running):
    '''Makes the sessions of @cls context managers: start() on entry
    unless running(), stop() on exit if still running().'''
    def enter(self):
        if not running(self):
            start(self)

    def leave(self):
        if running(self):
            stop(self)

    cls._bgrun_enter = enter
    cls._bgrun_exit = leave
    cls.__enter__ = _Lifetime.__enter__
    cls.__exit__ = _Lifetime.__exit__
    return cls


_ERS = Bgrun.ExtendedRuntimeState
_session_lifetime(Bgrun.ExtendedRuntimeSession,
                  lambda s: s.start(), lambda s: s.invalidate(),
                  lambda s: s.props.state in (_ERS.SCHEDULED, _ERS.RUNNING))
_session_lifetime(Bgrun.OngoingSession,
                  lambda s: s.start(), lambda s: s.stop(),
                  lambda s: s.props.state == Bgrun.OngoingState.RUNNING)
_session_lifetime(Bgrun.LocationSession,
                  lambda s: s.start(), lambda s: s.stop(),
                  lambda s: s.props.running)
_session_lifetime(Bgrun.AudioSession,
                  lambda s: s.set_active(True), lambda s: s.set_active(False),
                  lambda s: s.props.active)

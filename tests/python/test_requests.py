# Task requests and tasks from Python: construction, properties, enums and
# constants, through the typelib.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Tasks are made by the scheduler, so here they are only inspected as
# types; test-tasks.c drives their state machine.

import gi

gi.require_version('GLib', '2.0')
gi.require_version('GObject', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib, GObject  # noqa: E402

import pytest  # noqa: E402

REQUEST_CLASSES = [
    Bgrun.AppRefreshRequest,
    Bgrun.ProcessingRequest,
    Bgrun.ContinuedProcessingRequest,
]

TASK_CLASSES = [
    Bgrun.AppRefreshTask,
    Bgrun.ProcessingTask,
    Bgrun.ContinuedProcessingTask,
    Bgrun.UrlSessionRefreshTask,
]

PROCESSING_FLAGS = [
    'requires_external_power',
    'requires_network_connectivity',
    'requires_unmetered_network',
    'requires_battery_not_low',
    'requires_storage_not_low',
    'requires_device_idle',
]


class Notifies:
    '''Counts notify emissions per property name.'''

    def __init__(self, obj):
        self.counts = {}
        obj.connect('notify', self._on_notify)

    def _on_notify(self, obj, pspec):
        self.counts[pspec.name] = self.counts.get(pspec.name, 0) + 1

    def __getitem__(self, name):
        return self.counts.get(name, 0)


def sample_date():
    '''A date with microseconds, in a time zone two hours east of UTC.'''
    return GLib.DateTime.new(GLib.TimeZone.new_offset(2 * 3600),
                             2031, 5, 17, 14, 3, 21.123456)


def sample_user_info():
    return GLib.Variant('a{sv}', {
        'account': GLib.Variant('s', 'alice@example.org'),
        'attempt': GLib.Variant('u', 3),
        'ids': GLib.Variant('ax', [1, 2, 3]),
    })


def new_request(cls, identifier='org.example.App.work'):
    if cls is Bgrun.ContinuedProcessingRequest:
        return cls.new(identifier, 'Exporting', None)
    return cls.new(identifier)


# ---- construction --------------------------------------------------------

@pytest.mark.parametrize('cls', REQUEST_CLASSES, ids=lambda c: c.__name__)
def test_request_constructors(cls):
    request = new_request(cls, 'org.example.App.refresh')
    assert isinstance(request, Bgrun.TaskRequest)
    assert request.get_identifier() == 'org.example.App.refresh'
    assert request.props.identifier == 'org.example.App.refresh'

    # The GObject way, as bindings without the C constructor do it.
    other = cls(identifier='org.example.App.other')
    assert other.get_identifier() == 'org.example.App.other'


def test_continued_constructor_title():
    request = Bgrun.ContinuedProcessingRequest.new('org.example.App.export.1',
                                                   'Exporting 3 photos', 'IMG_0001.jpg')
    assert request.get_title() == 'Exporting 3 photos'
    assert request.get_subtitle() == 'IMG_0001.jpg'
    assert request.get_strategy() == Bgrun.SubmissionStrategy.QUEUE


def test_identifier_is_construct_only():
    pspec = Bgrun.TaskRequest.find_property('identifier')
    assert pspec.flags & GObject.ParamFlags.CONSTRUCT_ONLY
    request = Bgrun.AppRefreshRequest.new('org.example.App.refresh')
    with pytest.warns(Warning, match='construct property "identifier"'):
        request.props.identifier = 'org.example.App.other'
    assert request.get_identifier() == 'org.example.App.refresh'


def test_abstract_bases():
    assert GObject.type_test_flags(Bgrun.TaskRequest.__gtype__, GObject.TypeFlags.ABSTRACT)
    assert GObject.type_test_flags(Bgrun.Task.__gtype__, GObject.TypeFlags.ABSTRACT)
    with pytest.raises(TypeError):
        Bgrun.TaskRequest(identifier='org.example.App.refresh')
    with pytest.raises(TypeError):
        Bgrun.Task(identifier='org.example.App.refresh')


# ---- request properties --------------------------------------------------

@pytest.mark.parametrize('cls', REQUEST_CLASSES, ids=lambda c: c.__name__)
def test_earliest_begin_date(cls):
    request = new_request(cls)
    notifies = Notifies(request)
    assert request.get_earliest_begin_date() is None
    assert request.props.earliest_begin_date is None

    date = sample_date()
    request.set_earliest_begin_date(date)
    assert notifies['earliest-begin-date'] == 1
    read = request.get_earliest_begin_date()
    assert read.equal(date)
    assert read.get_microsecond() == 123456

    # The same instant in UTC is no change.
    request.props.earliest_begin_date = date.to_utc()
    assert notifies['earliest-begin-date'] == 1
    assert request.props.earliest_begin_date.equal(date)

    request.props.earliest_begin_date = None
    assert notifies['earliest-begin-date'] == 2
    assert request.get_earliest_begin_date() is None


@pytest.mark.parametrize('cls', REQUEST_CLASSES, ids=lambda c: c.__name__)
def test_user_info(cls):
    request = new_request(cls)
    notifies = Notifies(request)
    assert request.get_user_info() is None

    request.set_user_info(sample_user_info())
    assert notifies['user-info'] == 1
    info = request.get_user_info()
    assert info.get_type_string() == 'a{sv}'
    assert info.unpack() == {'account': 'alice@example.org', 'attempt': 3, 'ids': [1, 2, 3]}

    # An equal value is no change; through the property as well.
    request.props.user_info = sample_user_info()
    assert notifies['user-info'] == 1
    assert request.props.user_info.equal(sample_user_info())

    request.set_user_info(None)
    assert notifies['user-info'] == 2
    assert request.props.user_info is None


def test_user_info_pspec_type():
    pspec = Bgrun.TaskRequest.find_property('user-info')
    assert pspec.value_type == GObject.TYPE_VARIANT
    assert pspec.flags & GObject.ParamFlags.READWRITE == GObject.ParamFlags.READWRITE


def test_repeat_interval():
    request = Bgrun.AppRefreshRequest.new('org.example.App.refresh')
    notifies = Notifies(request)
    assert request.get_repeat_interval() == 0.0

    request.set_repeat_interval(3600.0)
    request.set_repeat_interval(3600.0)
    assert notifies['repeat-interval'] == 1
    assert request.props.repeat_interval == 3600.0

    request.props.repeat_interval = Bgrun.MINIMUM_REPEAT_INTERVAL
    assert request.get_repeat_interval() == 900.0
    assert notifies['repeat-interval'] == 2


@pytest.mark.parametrize('name', PROCESSING_FLAGS)
def test_processing_flags(name):
    request = Bgrun.ProcessingRequest.new('org.example.App.sync')
    notifies = Notifies(request)
    getter = getattr(request, 'get_' + name)
    setter = getattr(request, 'set_' + name)
    assert getter() is False
    assert request.get_property(name.replace('_', '-')) is False

    setter(True)
    setter(True)
    assert getter() is True
    assert notifies[name.replace('_', '-')] == 1

    request.set_property(name.replace('_', '-'), False)
    assert getter() is False
    assert notifies[name.replace('_', '-')] == 2

    # The other flags did not move.
    for other in PROCESSING_FLAGS:
        if other != name:
            assert notifies[other.replace('_', '-')] == 0


def test_continued_properties():
    request = Bgrun.ContinuedProcessingRequest.new('org.example.App.export.1', 'Exporting', None)
    notifies = Notifies(request)
    assert request.props.subtitle is None

    request.set_title('Exporting 3 photos')
    request.props.title = 'Exporting 3 photos'
    request.set_subtitle('IMG_0001.jpg')
    request.props.strategy = Bgrun.SubmissionStrategy.FAIL
    request.set_strategy(Bgrun.SubmissionStrategy.FAIL)
    assert (notifies['title'], notifies['subtitle'], notifies['strategy']) == (1, 1, 1)
    assert request.get_title() == 'Exporting 3 photos'
    assert request.props.subtitle == 'IMG_0001.jpg'
    assert request.get_strategy() == Bgrun.SubmissionStrategy.FAIL

    request.set_subtitle(None)
    assert request.get_subtitle() is None
    assert notifies['subtitle'] == 2


def test_strategy_enum():
    assert Bgrun.SubmissionStrategy.FAIL != Bgrun.SubmissionStrategy.QUEUE
    assert Bgrun.SubmissionStrategy.QUEUE.value_nick == 'queue'
    pspec = Bgrun.ContinuedProcessingRequest.find_property('strategy')
    assert pspec.default_value == Bgrun.SubmissionStrategy.QUEUE


def test_constants():
    assert Bgrun.MAX_USER_INFO_SIZE == 64 * 1024
    assert Bgrun.MINIMUM_REPEAT_INTERVAL == 15 * 60


# ---- tasks, as types -----------------------------------------------------

@pytest.mark.parametrize('cls', TASK_CLASSES, ids=lambda c: c.__name__)
def test_task_types(cls):
    assert issubclass(cls, Bgrun.Task)
    assert GObject.type_is_a(cls.__gtype__, Bgrun.Task.__gtype__)
    assert not GObject.type_test_flags(cls.__gtype__, GObject.TypeFlags.ABSTRACT)
    assert GObject.type_test_flags(cls.__gtype__, GObject.TypeFlags.FINAL)


def test_task_properties():
    readable_only = GObject.ParamFlags.READABLE
    identifier = Bgrun.Task.find_property('identifier')
    assert identifier.flags & GObject.ParamFlags.CONSTRUCT_ONLY

    user_info = Bgrun.Task.find_property('user-info')
    assert user_info.value_type == GObject.TYPE_VARIANT
    assert user_info.flags & GObject.ParamFlags.CONSTRUCT_ONLY

    expiration = Bgrun.Task.find_property('expiration-date')
    assert expiration.value_type == GLib.DateTime.__gtype__
    assert expiration.flags & GObject.ParamFlags.READWRITE == readable_only

    state = Bgrun.Task.find_property('state')
    assert state.value_type == Bgrun.TaskState.__gtype__
    assert state.default_value == Bgrun.TaskState.RUNNING
    assert state.flags & GObject.ParamFlags.READWRITE == readable_only


def test_task_state_enum():
    names = {value.value_nick for value in
             (Bgrun.TaskState.RUNNING, Bgrun.TaskState.COMPLETED, Bgrun.TaskState.FAILED,
              Bgrun.TaskState.EXPIRED, Bgrun.TaskState.CANCELLED)}
    assert names == {'running', 'completed', 'failed', 'expired', 'cancelled'}


def test_task_expired_signal():
    signal_id = GObject.signal_lookup('expired', Bgrun.Task)
    assert signal_id != 0
    query = GObject.signal_query(signal_id)
    assert len(query.param_types) == 0
    assert query.return_type == GObject.TYPE_NONE
    assert query.signal_flags & GObject.SignalFlags.RUN_LAST


def test_task_methods():
    for name in ('get_identifier', 'get_user_info', 'get_expiration_date',
                 'get_state', 'get_cancellable', 'set_task_completed'):
        assert callable(getattr(Bgrun.Task, name)), name


def test_continued_task_properties():
    cls = Bgrun.ContinuedProcessingTask
    for name in ('title', 'subtitle'):
        pspec = cls.find_property(name)
        assert pspec.value_type == GObject.TYPE_STRING
        assert pspec.flags & GObject.ParamFlags.CONSTRUCT_ONLY

    for name in ('total-units', 'completed-units'):
        pspec = cls.find_property(name)
        assert pspec.value_type == GObject.TYPE_INT64
        assert pspec.minimum == 0
        assert pspec.flags & GObject.ParamFlags.READWRITE == GObject.ParamFlags.READWRITE

    fraction = cls.find_property('fraction')
    assert fraction.value_type == GObject.TYPE_DOUBLE
    assert (fraction.minimum, fraction.maximum, fraction.default_value) == (0.0, 1.0, 0.0)
    assert fraction.flags & GObject.ParamFlags.READWRITE == GObject.ParamFlags.READABLE

    for name in ('update_title', 'set_total_units', 'set_completed_units', 'get_fraction'):
        assert callable(getattr(cls, name)), name


def test_url_session_refresh_task():
    cls = Bgrun.UrlSessionRefreshTask
    pspec = cls.find_property('session-identifier')
    assert pspec.value_type == GObject.TYPE_STRING
    assert pspec.default_value is None
    assert pspec.flags & GObject.ParamFlags.CONSTRUCT_ONLY
    assert pspec.flags & GObject.ParamFlags.READABLE

    task = GObject.new(cls, identifier='org.example.News.downloads',
                       session_identifier='org.example.News.downloads')
    assert task.get_session_identifier() == 'org.example.News.downloads'
    assert task.props.session_identifier == 'org.example.News.downloads'
    assert task.get_identifier() == 'org.example.News.downloads'
    assert task.get_state() == Bgrun.TaskState.RUNNING
    with pytest.warns(Warning, match='construct property "session-identifier"'):
        task.props.session_identifier = 'org.example.News.other'
    assert task.get_session_identifier() == 'org.example.News.downloads'

    assert Bgrun.URL_SESSION_REFRESH_DURATION == Bgrun.APP_REFRESH_DURATION == 30

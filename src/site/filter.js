(function () {
  var form = document.getElementById('filters');
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll('li.claim'));
  var get = function (id) { return document.getElementById(id); };
  function apply() {
    var outlet = get('f-outlet').value, status = get('f-status').value,
        credit = get('f-credit').value, topic = get('f-topic').value, words = get('f-search').value.toLowerCase().trim();
    var shown = 0;
    items.forEach(function (li) {
      var ok = (!outlet || (' ' + li.dataset.outlets + ' ').indexOf(' ' + outlet + ' ') >= 0)
        && (!status || li.dataset.status === status)
        && (!credit || li.dataset.credit === credit)
        && (!topic || ('|' + li.dataset.topics + '|').indexOf('|' + topic + '|') >= 0)
        && (!words || li.dataset.text.indexOf(words) >= 0);
      li.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll('main section.article').forEach(function (s) {
      s.hidden = !s.querySelector('li.claim:not([hidden])');
    });
    get('none').hidden = shown > 0;
    get('f-count').textContent = shown + ' of ' + items.length + ' claims shown';
  }
  ['f-outlet', 'f-status', 'f-credit', 'f-topic'].forEach(function (id) { get(id).addEventListener('change', apply); });
  get('f-search').addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();

/**
 * The one small script of the web app, served from /aset/naskah.js (no inline script: the CSP forbids
 * it; no build step). Everything it does also works without it, through plain form posts:
 * - repeatable entries of the drafting form: add (from the list's <template>), remove, move up/down,
 *   renumbering the fields' names and ids in place so typed values stay;
 * - "add from the register" in Mengingat: the citation of the picked regulation goes into an entry;
 * - the live preview: the form is sent to the preview frame a moment after typing stops;
 * - forms marked data-confirm ask first.
 * Imports nothing.
 */
export const PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var form = document.querySelector('form[data-live-preview]');

  function rewrite(value, prefix, sep, from, to) {
    var head = prefix + sep + from;
    if (value === head) return prefix + sep + to;
    if (value.indexOf(head + sep) === 0) return prefix + sep + to + value.slice(head.length);
    return value;
  }

  function renumberEntry(entry, list, from, to) {
    var name = list.getAttribute('data-list');
    var path = name.slice(2);
    var id = 'f-' + path.split('.').join('-');
    var nodes = entry.querySelectorAll('*');
    for (var k = 0; k < nodes.length; k++) {
      var el = nodes[k];
      ['name', 'data-list', 'data-register-for'].forEach(function (a) {
        if (el.hasAttribute(a)) el.setAttribute(a, rewrite(el.getAttribute(a), name, '.', from, to));
      });
      ['id', 'for', 'aria-describedby'].forEach(function (a) {
        if (el.hasAttribute(a)) el.setAttribute(a, rewrite(el.getAttribute(a), id, '-', from, to));
      });
      if (el.tagName === 'BUTTON' && el.hasAttribute('data-op')) {
        var v = el.getAttribute('value') || '';
        var colon = v.indexOf(':');
        if (colon > 0) el.setAttribute('value', v.slice(0, colon + 1) + rewrite(v.slice(colon + 1), path, '.', from, to));
      }
      if (el.tagName === 'TEMPLATE') {
        el.innerHTML = el.innerHTML.split(name + '.' + from + '.').join(name + '.' + to + '.').split(id + '-' + from + '-').join(id + '-' + to + '-').split(path + '.' + from + '.').join(path + '.' + to + '.');
      }
    }
  }

  function entriesOf(list) {
    var ol = list.querySelector(':scope > ol.entries');
    return ol ? Array.prototype.filter.call(ol.children, function (c) { return c.hasAttribute('data-entry'); }) : [];
  }

  function renumber(list) {
    entriesOf(list).forEach(function (entry, i) {
      var from = entry.getAttribute('data-index');
      if (from !== String(i)) {
        renumberEntry(entry, list, from, String(i));
        entry.setAttribute('data-index', String(i));
      }
    });
  }

  function addEntry(list) {
    var template = list.querySelector(':scope > template[data-entry-template]');
    var ol = list.querySelector(':scope > ol.entries');
    if (!template || !ol) return null;
    var index = String(entriesOf(list).length);
    var marker = '__i' + list.getAttribute('data-depth') + '__';
    var holder = document.createElement('template');
    holder.innerHTML = template.innerHTML.split(marker).join(index);
    var entry = holder.content.firstElementChild;
    if (!entry) return null;
    entry.setAttribute('data-index', index);
    ol.appendChild(entry);
    return entry;
  }

  function changed() {
    if (form) form.dispatchEvent(new Event('input', { bubbles: true }));
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-op]');
    if (!button || !form || !form.contains(button)) return;
    var list = button.closest('fieldset[data-list]');
    if (!list) return;
    var op = button.getAttribute('data-op');
    var entry = button.closest('li[data-entry]');
    if (op === 'tambah') {
      var added = addEntry(list);
      if (added) {
        var field = added.querySelector('textarea, input, select');
        if (field) field.focus();
      }
    } else if (op === 'hapus' && entry) {
      entry.remove();
      renumber(list);
    } else if (op === 'naik' && entry && entry.previousElementSibling) {
      entry.parentNode.insertBefore(entry, entry.previousElementSibling);
      renumber(list);
    } else if (op === 'turun' && entry && entry.nextElementSibling) {
      entry.parentNode.insertBefore(entry.nextElementSibling, entry);
      renumber(list);
    } else if (op === 'rujukan') {
      var input = list.querySelector('input[data-register-for]');
      var picked = null;
      if (input && input.list) {
        Array.prototype.forEach.call(input.list.options, function (o) { if (o.value === input.value) picked = o; });
      }
      if (!picked) return; // let the server answer (it names the problem)
      var target = null;
      entriesOf(list).forEach(function (e) {
        var t = e.querySelector('textarea');
        if (!target && t && t.value.trim() === '') target = t;
      });
      if (!target) {
        var fresh = addEntry(list);
        target = fresh && fresh.querySelector('textarea');
      }
      if (target) target.value = picked.getAttribute('data-citation');
      input.value = '';
    } else {
      return;
    }
    event.preventDefault();
    changed();
  });

  // the live preview: send the form to the preview frame shortly after typing stops
  if (form) {
    var button = form.querySelector('[data-preview-button]');
    var live = document.getElementById('pratinjau-langsung');
    var timer = null;
    var refresh = function () {
      if (button && (!live || live.checked)) form.requestSubmit(button);
    };
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 1200);
    });
    form.addEventListener('change', function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 600);
    });
    refresh();
  }

  document.addEventListener('submit', function (event) {
    var f = event.target;
    var question = f.getAttribute && f.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
`;
